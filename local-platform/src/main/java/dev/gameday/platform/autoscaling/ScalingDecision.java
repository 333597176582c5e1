package dev.gameday.platform.autoscaling;

/**
 * One scaling activity a policy decided on: the desired count goes {@code from} → {@code to}
 * because the tracked metric was {@code value} against its target.
 *
 * @param direction out (more tasks) or in (fewer)
 * @param from      the desired count before
 * @param to        the desired count after
 * @param value     the metric's latest datapoint, which sized the change
 */
public record ScalingDecision(Direction direction, int from, int to, double value) {

    /** Which way the service scales. */
    public enum Direction {
        /** More tasks. */
        OUT,
        /** Fewer tasks. */
        IN
    }

    /** The event type this activity is recorded under: {@code scaling.out} or {@code scaling.in}. */
    public String eventType() {
        return direction == Direction.OUT ? "scaling.out" : "scaling.in";
    }
}
