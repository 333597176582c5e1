package dev.gameday.core.order;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of {@code orders.jsonl}: one logical order (one idempotency key), however many HTTP
 * attempts it took.
 *
 * @param idempotencyKey the {@code Idempotency-Key} every attempt carried
 * @param shopper        who placed it (the shopper's e-mail)
 * @param startedAt      when the first attempt was sent
 * @param endedAt        when the client stopped trying
 * @param attempts       every attempt, in order
 * @param orderId        the order id of the acknowledging attempt (or the last id seen), or {@code null}
 * @param outcome        what the client knows about the order
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LedgerEntry(String idempotencyKey, String shopper, Instant startedAt, Instant endedAt,
                          List<CheckoutAttempt> attempts, String orderId, OrderOutcome outcome) {

    public LedgerEntry {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(outcome, "outcome");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    /**
     * Classifies a finished sequence of attempts: acknowledged if any attempt got a 2xx; failed
     * only if every attempt got a definite 4xx; otherwise indeterminate — a 4xx that follows a
     * lost answer (e.g. 409 "key in use") does not prove the first attempt created nothing.
     */
    public static OrderOutcome classify(List<CheckoutAttempt> attempts) {
        if (attempts.stream().anyMatch(CheckoutAttempt::acknowledged)) {
            return OrderOutcome.ACKNOWLEDGED;
        }
        if (!attempts.isEmpty() && attempts.stream().allMatch(CheckoutAttempt::refused)) {
            return OrderOutcome.FAILED;
        }
        return OrderOutcome.INDETERMINATE;
    }
}
