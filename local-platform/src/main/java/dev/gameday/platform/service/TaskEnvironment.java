package dev.gameday.platform.service;

import dev.gameday.platform.zone.Zone;

import java.util.Map;

/** The environment one new task gets (database and queue endpoints of its zone, its id, …). */
@FunctionalInterface
public interface TaskEnvironment {

    /** The variables for task {@code taskId} placed in {@code zone}. */
    Map<String, String> forTask(String taskId, Zone zone);
}
