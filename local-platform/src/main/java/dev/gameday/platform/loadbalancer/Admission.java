package dev.gameday.platform.loadbalancer;

import io.netty.channel.EventLoop;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load balancer's bound on requests forwarded at once: beyond it, requests wait in arrival
 * order until one in flight is answered. Without a bound, a target that slows down under load gets
 * ever more concurrent connections and requests from an open-model client, slows further and fails
 * its health checks; with one, the backlog waits here, where it costs a queue entry, not a
 * connection on the target.
 */
final class Admission {

    private record Waiting(EventLoop loop, Runnable start) {
    }

    private final int limit;
    private final AtomicInteger running = new AtomicInteger();
    private final ConcurrentLinkedQueue<Waiting> waiting = new ConcurrentLinkedQueue<>();

    Admission(int limit) {
        this.limit = limit;
    }

    /** Runs {@code start} now if there is room, else on {@code loop} once there is; it must end with {@link #done()}. */
    void admit(EventLoop loop, Runnable start) {
        if (waiting.isEmpty() && tryAcquire()) {
            start.run();
            return;
        }
        waiting.add(new Waiting(loop, start));
        // Everything in flight may have finished between the check and the add: look again.
        drain();
    }

    /** One admitted request is answered: the next waiting one may go. */
    void done() {
        running.decrementAndGet();
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty() && tryAcquire()) {
            Waiting next = waiting.poll();
            if (next == null) {
                running.decrementAndGet();
                return;
            }
            next.loop().execute(next.start());
        }
    }

    private boolean tryAcquire() {
        while (true) {
            int now = running.get();
            if (now >= limit) {
                return false;
            }
            if (running.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }
}
