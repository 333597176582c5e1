package dev.gameday.slo.audit;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One order as the shop holds it, one item of {@code GET /admin/audit/orders}: the shop's side of
 * the order audit.
 *
 * @param id             the shop's order id (a number in the shop's JSON, kept as text like the ledger's)
 * @param idempotencyKey the {@code Idempotency-Key} the order was placed with
 * @param status         e.g. {@code PLACED}, {@code FULFILLED}
 * @param createdAt      when the shop's database created it (the shop's clock)
 * @param userId         the shop's id of the shopper's account
 * @param total          the order's total
 */
public record AuditedOrder(String id, String idempotencyKey, String status, Instant createdAt, String userId,
                           BigDecimal total) {

    public AuditedOrder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    }
}
