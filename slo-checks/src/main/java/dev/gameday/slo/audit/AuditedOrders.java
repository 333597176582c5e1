package dev.gameday.slo.audit;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gameday.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the shop held after the traffic ended: the file {@code audit/orders.json} of a run
 * directory. {@code items} is the shop's own answer, unchanged; {@code since} and
 * {@code fetchedAt} say which stretch of time it covers, so the audit can be rechecked from the
 * run directory alone.
 *
 * @param since     the {@code since} the shop was asked for (orders created at or after it)
 * @param fetchedAt when the answer was received (the harness's clock)
 * @param items     the orders, in the shop's order ({@code created_at, id})
 */
@JsonPropertyOrder({"since", "fetchedAt", "items"})
public record AuditedOrders(Instant since, Instant fetchedAt, List<AuditedOrder> items) {

    public AuditedOrders {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(fetchedAt, "fetchedAt");
        items = items == null ? List.of() : List.copyOf(items);
    }

    /** Writes the file (pretty-printed, folders created), replacing an earlier one. */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write order audit " + file, e);
        }
    }

    /**
     * Reads the file; empty when there is none (the run made no audit: the target was gone or had
     * no admin token), which the order-integrity SLO reports as no data.
     *
     * @throws IllegalArgumentException when the file is not an order audit
     */
    public static Optional<AuditedOrders> read(Path file) {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(Json.mapper().readValue(file.toFile(), AuditedOrders.class));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not an order audit: " + e.getMessage(), e);
        }
    }
}
