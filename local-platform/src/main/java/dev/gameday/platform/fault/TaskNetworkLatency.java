package dev.gameday.platform.fault;

import java.time.Duration;

/**
 * {@code aws:ecs:task-network-latency}: everything a target task sends back to the load balancer
 * is delayed by {@code delayMilliseconds} (FIS's default 200), varied by up to
 * {@code jitterMilliseconds} either way (default 10), as FIS's {@code tc netem} on the task's
 * egress does. The delay is added once per exchange, on the task's way out, as on ECS; the
 * {@code sources} and {@code flowsPercent} filters are not modelled (every flow of the task to the
 * load balancer is delayed).
 */
final class TaskNetworkLatency {

    private TaskNetworkLatency() {
    }

    static void play(ActionRun run) throws InterruptedException {
        Duration delay = Duration.ofMillis(Long.parseLong(run.parameter("delayMilliseconds", "200")));
        Duration jitter = Duration.ofMillis(Long.parseLong(run.parameter("jitterMilliseconds", "10")));
        TaskNetworkFault.play(run, before -> before.withDelay(delay, jitter));
    }
}
