package dev.gameday.platform.network;

import java.time.Duration;
import java.util.Objects;

/**
 * What one direction of a {@link TcpForwarder} does to the bytes it carries, as {@code tc netem}
 * on that side's egress would: every chunk is held back {@code delay}, give or take up to
 * {@code jitter}, and {@code lossPercent} of chunks are lost and sent again by TCP after its
 * retransmission timeout — so loss shows as the stalls it causes, and a chunk lost too many times
 * in a row breaks the connection.
 *
 * @param delay       added to every chunk
 * @param jitter      the most a chunk's delay varies either way (uniformly); in-order delivery is kept, as TCP does
 * @param lossPercent share of chunks (and of connection handshakes) lost, 0 to 100
 */
public record Impairment(Duration delay, Duration jitter, double lossPercent) {

    /** Nothing added. */
    public static final Impairment NONE = new Impairment(Duration.ZERO, Duration.ZERO, 0);

    public Impairment {
        Objects.requireNonNull(delay, "delay");
        Objects.requireNonNull(jitter, "jitter");
        if (delay.isNegative() || jitter.isNegative()) {
            throw new IllegalArgumentException("delay and jitter must not be negative, were " + delay + " and " + jitter);
        }
        if (!(lossPercent >= 0 && lossPercent <= 100)) {
            throw new IllegalArgumentException("lossPercent must be in [0, 100], was " + lossPercent);
        }
    }

    /** A fixed delay alone. */
    public static Impairment delay(Duration delay) {
        return new Impairment(delay, Duration.ZERO, 0);
    }

    /** This impairment with {@code lossPercent} of chunks lost as well. */
    public Impairment withLoss(double percent) {
        return new Impairment(delay, jitter, percent);
    }

    /** This impairment with a different delay and jitter, its loss kept. */
    public Impairment withDelay(Duration newDelay, Duration newJitter) {
        return new Impairment(newDelay, newJitter, lossPercent);
    }

    public boolean isNone() {
        return delay.isZero() && jitter.isZero() && lossPercent == 0;
    }
}
