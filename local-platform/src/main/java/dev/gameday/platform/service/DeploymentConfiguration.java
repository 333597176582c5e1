package dev.gameday.platform.service;

/**
 * The ECS service's {@code deploymentConfiguration}: how far the scheduler may go above and below
 * the desired count while it replaces tasks. ECS uses it for unhealthy tasks too: it starts
 * replacements first, within {@code maximumPercent}, and stops an unhealthy task without a healthy
 * replacement only as far as {@code minimumHealthyPercent} allows.
 *
 * @param minimumHealthyPercent tasks that must stay running, as a percentage of the desired count,
 *                              rounded up (ECS default 100)
 * @param maximumPercent        tasks that may be running or pending, as a percentage of the desired
 *                              count, rounded down (ECS default 200)
 */
public record DeploymentConfiguration(int minimumHealthyPercent, int maximumPercent) {

    public DeploymentConfiguration {
        if (minimumHealthyPercent < 0 || minimumHealthyPercent > 100) {
            throw new IllegalArgumentException("minimumHealthyPercent must be 0..100, was " + minimumHealthyPercent);
        }
        if (maximumPercent < 100) {
            // Below 100 % the scheduler could never run the desired count.
            throw new IllegalArgumentException("maximumPercent must be at least 100, was " + maximumPercent);
        }
    }

    /** ECS's defaults for a REPLICA service: 100 % and 200 %. */
    public static DeploymentConfiguration defaults() {
        return new DeploymentConfiguration(100, 200);
    }

    /** The fewest tasks that must stay running for {@code desired} (rounded up, as ECS rounds it). */
    public int minimumRunning(int desired) {
        return (int) Math.ceil(desired * minimumHealthyPercent / 100.0);
    }

    /** The most tasks that may be running or pending for {@code desired} (rounded down, as ECS rounds it). */
    public int maximumTasks(int desired) {
        return desired * maximumPercent / 100;
    }
}
