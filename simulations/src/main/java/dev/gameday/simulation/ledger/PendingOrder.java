package dev.gameday.simulation.ledger;

import dev.gameday.core.order.CheckoutAttempt;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A logical order the client is still trying to place: it collects the attempts until the
 * journey completes it through {@link OrderLedger#complete(PendingOrder)}. One virtual user
 * drives it; methods are synchronized because the ledger may close it from another thread when
 * the run ends mid-attempt.
 */
public final class PendingOrder {

    private final String idempotencyKey;
    private final String shopper;
    private final Instant startedAt;
    private final List<CheckoutAttempt> attempts = new ArrayList<>();
    private Instant attemptInFlight;

    PendingOrder(String idempotencyKey, String shopper, Instant startedAt) {
        this.idempotencyKey = Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        this.shopper = shopper;
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
    }

    /** The key every attempt of this order carries. */
    public String idempotencyKey() {
        return idempotencyKey;
    }

    /** The shopper placing the order. */
    public String shopper() {
        return shopper;
    }

    /** Notes that an attempt was sent, so that a run ending before its answer still shows it. */
    public synchronized void attemptSent(Instant at) {
        attemptInFlight = Objects.requireNonNull(at, "at");
    }

    /** Adds the result of the attempt in flight. */
    public synchronized void attemptEnded(CheckoutAttempt attempt) {
        attempts.add(Objects.requireNonNull(attempt, "attempt"));
        attemptInFlight = null;
    }

    /** The attempts so far. */
    public synchronized List<CheckoutAttempt> attempts() {
        return List.copyOf(attempts);
    }

    /** How many attempts ended so far. */
    public synchronized int attemptCount() {
        return attempts.size();
    }

    /**
     * Whether the fate of the order is known (a 2xx or a definite 4xx arrived), so retrying is
     * pointless; only an indeterminate last attempt is worth retrying with the same key.
     */
    public synchronized boolean settled() {
        return !attempts.isEmpty() && !attempts.get(attempts.size() - 1).indeterminate();
    }

    /** The outcome if the client stopped trying now. */
    public synchronized OrderOutcome outcome() {
        return LedgerEntry.classify(attempts);
    }

    /** The order id of the acknowledging attempt, or else the last one any attempt carried. */
    public synchronized String orderId() {
        String last = null;
        for (CheckoutAttempt a : attempts) {
            if (a.acknowledged() && a.orderId() != null) {
                return a.orderId();
            }
            if (a.orderId() != null) {
                last = a.orderId();
            }
        }
        return last;
    }

    synchronized LedgerEntry toEntry(Instant endedAt) {
        return new LedgerEntry(idempotencyKey, shopper, startedAt, endedAt, attempts, orderId(), outcome());
    }

    /** Closes the attempt still in flight as unanswered: the run ended before its answer. */
    synchronized void abandonInFlight(Instant now) {
        if (attemptInFlight != null) {
            attempts.add(CheckoutAttempt.unanswered(attemptInFlight, "run ended before the answer",
                    Duration.between(attemptInFlight, now)));
            attemptInFlight = null;
        }
    }
}
