package dev.gameday.core.order;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Locale;

/**
 * What the client knows about one logical order once it stopped trying, in the Jepsen set
 * checker's terms: the order audit compares these against what the shop actually stored.
 */
public enum OrderOutcome {

    /** A 2xx was received for one of the attempts: the shop promised the order exists. */
    ACKNOWLEDGED,

    /** Every attempt got a definite 4xx: the shop refused the order, so it must not exist. */
    FAILED,

    /**
     * No attempt was acknowledged and at least one ended without a definite answer (timeout,
     * connection lost, 5xx, the run ended while waiting): the order may or may not exist.
     */
    INDETERMINATE;

    /** The lower-case name written in {@code orders.jsonl}. */
    @JsonValue
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses the lower-case (or upper-case) name. */
    @JsonCreator
    public static OrderOutcome of(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
