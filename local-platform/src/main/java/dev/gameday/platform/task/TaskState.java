package dev.gameday.platform.task;

/** A task's last status, as ECS names the ones that matter here. */
public enum TaskState {
    /** The child JVM is starting and has not said {@code READY} yet. */
    PENDING,
    /** The task is listening; it is registered with the load balancer. */
    RUNNING,
    /** Stop requested: draining, then SIGTERM, then SIGKILL after the stop timeout. */
    STOPPING,
    /** The process has exited. */
    STOPPED
}
