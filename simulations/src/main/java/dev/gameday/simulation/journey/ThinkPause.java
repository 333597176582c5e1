package dev.gameday.simulation.journey;

import io.gatling.javaapi.core.ChainBuilder;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.pause;

/**
 * A shopper's think time as Gatling steps: one draw from the {@link ThinkTime}, paused in slices of
 * at most a second so that it ends early once the journeys end (the game day's phases are over, or
 * the run was stopped). A Gatling pause cannot be cut short, and a run ends only when its last
 * shopper leaves: one whole pause would hold the run open for up to the distribution's cap.
 */
public final class ThinkPause {

    /** The longest slice: how late a shopper in mid-pause notices that journeys are ending. */
    static final Duration SLICE = Duration.ofSeconds(1);
    private static final String UNTIL = "thinkUntil";

    private ThinkPause() {
    }

    /** Pauses for one draw of {@code thinkTime}, or until {@code ending} turns true, whichever comes first. */
    public static ChainBuilder of(ThinkTime thinkTime, BooleanSupplier ending) {
        return exec(session -> session.set(UNTIL, System.nanoTime() + thinkTime.next(ThreadLocalRandom.current()).toNanos()))
                .asLongAs(session -> !ending.getAsBoolean() && System.nanoTime() < session.getLong(UNTIL))
                .on(pause(session -> Duration.ofNanos(Math.max(1_000_000L,
                        Math.min(SLICE.toNanos(), session.getLong(UNTIL) - System.nanoTime())))));
    }
}
