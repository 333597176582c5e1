package dev.gameday.simulation.journey;

import java.time.Duration;
import java.util.Objects;

/**
 * How a buyer insists on an order: a checkout whose answer is lost (no response, 5xx) is retried
 * with the same {@code Idempotency-Key} after a short backoff, so the shop can return the order it
 * may already have created instead of creating a second one; then the buyer follows the order's
 * status a few times.
 *
 * @param maxAttempts  attempts per logical order, the first included (1 = no retry)
 * @param backoffMin   shortest pause before a retry
 * @param backoffMax   longest pause before a retry
 * @param statusPolls  how many times at most the buyer looks at the order after placing it
 * @param pollMin      shortest pause before a status look
 * @param pollMax      longest pause before a status look
 */
public record CheckoutPolicy(int maxAttempts, Duration backoffMin, Duration backoffMax,
                             int statusPolls, Duration pollMin, Duration pollMax) {

    public CheckoutPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (statusPolls < 0) {
            throw new IllegalArgumentException("statusPolls must not be negative, was " + statusPolls);
        }
        requireRange(backoffMin, backoffMax, "backoff");
        requireRange(pollMin, pollMax, "poll");
    }

    /** Up to 2 retries 200–600 ms apart; up to 5 status looks 0.5–1.5 s apart. */
    public static CheckoutPolicy defaults() {
        return new CheckoutPolicy(3, Duration.ofMillis(200), Duration.ofMillis(600),
                5, Duration.ofMillis(500), Duration.ofMillis(1500));
    }

    private static void requireRange(Duration min, Duration max, String what) {
        Objects.requireNonNull(min, what + "Min");
        Objects.requireNonNull(max, what + "Max");
        if (min.isNegative() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException(what + " needs 0 <= min <= max, was " + min + ".." + max);
        }
    }
}
