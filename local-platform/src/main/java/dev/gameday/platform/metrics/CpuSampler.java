package dev.gameday.platform.metrics;

import dev.gameday.platform.task.TaskInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the tasks' cumulative CPU time into ECS's {@code CPUUtilization}: the average, over the
 * service's tasks, of CPU used since the previous sample as a percentage of one vCPU each.
 */
public final class CpuSampler {

    private final Map<Long, Duration> previous = new HashMap<>();
    private Instant previousAt;

    /** The service's CPU use since the last call, or {@code NaN} on the first call or with no task. */
    public synchronized double sample(List<TaskInfo> tasks, Instant now) {
        Map<Long, Duration> current = new HashMap<>();
        double percentSum = 0;
        int counted = 0;
        for (TaskInfo task : tasks) {
            Duration cpu = ProcessHandle.of(task.pid()).flatMap(p -> p.info().totalCpuDuration()).orElse(null);
            if (cpu == null) {
                continue;
            }
            current.put(task.pid(), cpu);
            Duration before = previous.get(task.pid());
            if (before != null && previousAt != null) {
                long wall = Duration.between(previousAt, now).toNanos();
                if (wall > 0) {
                    percentSum += 100.0 * cpu.minus(before).toNanos() / wall;
                    counted++;
                }
            }
        }
        previous.clear();
        previous.putAll(current);
        previousAt = now;
        return counted == 0 ? Double.NaN : percentSum / counted;
    }
}
