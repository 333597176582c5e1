package dev.gameday.platform.metrics;

import dev.gameday.platform.task.TaskInfo;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the tasks' cumulative CPU time into ECS's {@code CPUUtilization}: the average, over the
 * service's tasks, of CPU used since the previous sample as a percentage of one vCPU each. A
 * task's CPU includes its sidecars' (a CPU stressor started by a fault).
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
            // A task's CPU is its process's plus its sidecars', as ECS reads the task's cgroup.
            double taskNanos = 0;
            boolean seen = false;
            List<Long> pids = new ArrayList<>(task.sidecarPids());
            pids.add(0, task.pid());
            for (long pid : pids) {
                Duration cpu = ProcessHandle.of(pid).flatMap(p -> p.info().totalCpuDuration()).orElse(null);
                if (cpu == null) {
                    continue;
                }
                current.put(pid, cpu);
                Duration before = previous.get(pid);
                if (before != null && previousAt != null) {
                    taskNanos += cpu.minus(before).toNanos();
                    seen = seen || pid == task.pid();
                }
            }
            long wall = previousAt == null ? 0 : Duration.between(previousAt, now).toNanos();
            if (seen && wall > 0) {
                percentSum += 100.0 * taskNanos / wall;
                counted++;
            }
        }
        previous.clear();
        previous.putAll(current);
        previousAt = now;
        return counted == 0 ? Double.NaN : percentSum / counted;
    }
}
