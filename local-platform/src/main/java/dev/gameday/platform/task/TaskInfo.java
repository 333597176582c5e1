package dev.gameday.platform.task;

import dev.gameday.platform.zone.Zone;

import java.util.List;

/**
 * A snapshot of one task, for tests, status lines and the fault injector's inventory.
 *
 * @param id    the task id (32 hex characters, as ECS makes them)
 * @param arn   {@code arn:aws:ecs:local:000000000000:task/gameday-local/<id>}
 * @param zone  where it runs
 * @param state its last status
 * @param pid   the child JVM's process id
 * @param port  the port the task listens on, 0 until it is ready
 * @param sidecarPids the task's other processes (e.g. a CPU stressor), whose CPU counts as the task's
 */
public record TaskInfo(String id, String arn, Zone zone, TaskState state, long pid, int port, List<Long> sidecarPids) {

    public TaskInfo {
        sidecarPids = List.copyOf(sidecarPids);
    }
}
