package dev.gameday.platform.task;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The I/O stressor a task runs as a sidecar for {@code aws:ecs:task-io-stress}, as FIS's
 * {@code stress-ng --iomix} in the SSM agent sidecar does: {@code workers} threads each write a
 * file with forced syncs, reread it, and start over, keeping the task's disk busy. Each worker's
 * file grows to {@code percent} of a 64 MiB budget: FIS fills {@code percent} of the free space,
 * which on a developer's shared disk would hurt far more than the one task. It exits when its
 * stdin closes (the platform went away) or it is killed, and deletes its files.
 *
 * <p>Usage: {@code IoStresser <percent> <workers> <directory>}.
 */
public final class IoStresser {

    /** What {@code percent = 100} fills per worker. */
    static final long BUDGET_BYTES = 64L * 1024 * 1024;
    private static final int BLOCK = 64 * 1024;

    private IoStresser() {
    }

    public static void main(String[] args) throws Exception {
        double percent = Double.parseDouble(args[0]);
        int workers = Integer.parseInt(args[1]);
        Path directory = Files.createDirectories(Path.of(args[2]));
        long size = Math.max(BLOCK, (long) (BUDGET_BYTES * percent / 100));
        List<Path> files = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
            Path file = directory.resolve("io-stress-" + ProcessHandle.current().pid() + "-" + w);
            files.add(file);
            Thread worker = new Thread(() -> churn(file, size), "io-stress-" + w);
            worker.setDaemon(true);
            worker.start();
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> files.forEach(IoStresser::deleteQuietly)));
        // The parent holds our stdin open; when it goes, so do we.
        try (InputStream in = System.in) {
            while (in.read() >= 0) {
                // keep waiting
            }
        }
        System.exit(0);
    }

    private static void churn(Path file, long size) {
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        byte[] noise = new byte[BLOCK];
        ThreadLocalRandom.current().nextBytes(noise);
        block.put(noise).flip();
        try {
            while (true) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.READ, StandardOpenOption.TRUNCATE_EXISTING)) {
                    for (long written = 0; written < size; written += BLOCK) {
                        block.rewind();
                        channel.write(block);
                        channel.force(false);
                    }
                    channel.position(0);
                    while (true) {
                        block.clear();
                        if (channel.read(block) < 0) {
                            break;
                        }
                    }
                }
            }
        } catch (IOException e) {
            System.err.println("io-stress: " + e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // best effort: the task's folder goes with the platform's work directory
        }
    }
}
