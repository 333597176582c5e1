package dev.gameday.platform.task;

import java.io.IOException;
import java.io.InputStream;

/**
 * The local stand-in for what {@code aws:ecs:task-cpu-stress} runs in a task (stress-ng, started
 * by the SSM agent sidecar): a small process beside the task's own that keeps {@code workers}
 * CPUs busy {@code percent} of the time. Its CPU counts as the task's, as a sidecar container's
 * does in the task's cgroup. It exits when its stdin closes, so it never outlives the platform.
 *
 * <p>Arguments: {@code percent} (1–100) and {@code workers} (at least 1).
 */
public final class CpuBurner {

    /** The duty cycle's slice: short enough that a sampler of whole seconds sees an even load. */
    private static final long SLICE_NANOS = 100_000_000L;

    private CpuBurner() {
    }

    public static void main(String[] args) throws InterruptedException {
        int percent = Integer.parseInt(args[0]);
        int workers = Integer.parseInt(args[1]);
        if (percent < 1 || percent > 100 || workers < 1) {
            throw new IllegalArgumentException("percent must be 1..100 and workers at least 1, were " + percent
                    + " and " + workers);
        }
        for (int i = 0; i < workers; i++) {
            Thread worker = new Thread(() -> burn(percent), "burner-" + i);
            worker.setDaemon(true);
            worker.start();
        }
        awaitStdinClosed(System.in);
        System.exit(0);
    }

    private static void burn(int percent) {
        long busy = SLICE_NANOS * percent / 100;
        long sink = 0;
        while (true) {
            long start = System.nanoTime();
            while (System.nanoTime() - start < busy) {
                sink += start ^ sink;
            }
            long rest = SLICE_NANOS - (System.nanoTime() - start);
            if (rest > 0) {
                try {
                    Thread.sleep(rest / 1_000_000, (int) (rest % 1_000_000));
                } catch (InterruptedException e) {
                    return;
                }
            }
            if (sink == 42) {
                // Never true in practice; keeps the JIT from removing the busy loop.
                System.out.print("");
            }
        }
    }

    private static void awaitStdinClosed(InputStream in) {
        try {
            while (in.read() != -1) {
                // nothing is ever sent; only the end matters
            }
        } catch (IOException e) {
            // a broken pipe is a closed one
        }
    }
}
