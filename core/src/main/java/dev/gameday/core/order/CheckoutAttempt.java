package dev.gameday.core.order;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One HTTP attempt at placing a logical order ({@code POST /orders} with its idempotency key).
 *
 * @param at      when the request was sent
 * @param status  the HTTP status received, or {@code null} when no response came back
 * @param error   why there is no usable answer (no response, timeout, …), or {@code null}
 * @param latency how long the attempt took until its answer or its failure
 * @param orderId the order id the response carried, or {@code null}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CheckoutAttempt(Instant at, Integer status, String error, Duration latency, String orderId) {

    public CheckoutAttempt {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(latency, "latency");
        if (status == null && error == null) {
            throw new IllegalArgumentException("an attempt has an HTTP status or an error, had neither");
        }
    }

    /** An attempt that got an HTTP response. */
    public static CheckoutAttempt answered(Instant at, int status, Duration latency, String orderId) {
        return new CheckoutAttempt(at, status, null, latency, orderId);
    }

    /** An attempt that got no HTTP response (connection refused or reset, timeout, …). */
    public static CheckoutAttempt unanswered(Instant at, String error, Duration latency) {
        return new CheckoutAttempt(at, null, Objects.requireNonNull(error, "error"), latency, null);
    }

    /** Whether the shop acknowledged the order with this attempt (a 2xx). */
    public boolean acknowledged() {
        return status != null && status >= 200 && status < 300;
    }

    /** Whether the shop definitely refused the order with this attempt (a 4xx). */
    public boolean refused() {
        return status != null && status >= 400 && status < 500;
    }

    /**
     * Whether the answer leaves the order's fate open (no response, 5xx, anything else that is
     * neither a 2xx nor a 4xx): the only case where retrying with the same key helps.
     */
    public boolean indeterminate() {
        return !acknowledged() && !refused();
    }
}
