package dev.gameday.slo.audit;

import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.run.RunDirectory;

import java.util.List;
import java.util.Optional;

/**
 * What a run recorded about its orders — the client's ledger and the shop's audit — the input of
 * the {@code order-integrity} SLO, as the recorded series are the input of the metric SLOs.
 *
 * @param ledger the client's ledger ({@code orders.jsonl}); empty when the run placed no order
 * @param audit  the shop's audit ({@code audit/orders.json}), or {@code null} when the run made none
 */
public record OrderEvidence(List<LedgerEntry> ledger, AuditedOrders audit) {

    public OrderEvidence {
        ledger = ledger == null ? List.of() : List.copyOf(ledger);
    }

    /** No evidence at all: an order-integrity SLO judged on it is no data. */
    public static OrderEvidence none() {
        return new OrderEvidence(List.of(), null);
    }

    /** Reads {@code orders.jsonl} and {@code audit/orders.json} of a run directory (either may be absent). */
    public static OrderEvidence read(RunDirectory run) {
        return new OrderEvidence(OrderLedgerFile.read(run.orders()), AuditedOrders.read(run.auditedOrders()).orElse(null));
    }

    /** The shop's audit, when the run made one. */
    public Optional<AuditedOrders> auditedOrders() {
        return Optional.ofNullable(audit);
    }

    /** The audit's finding, when the run made an audit (what {@code summary.json}'s {@code orders} reports). */
    public Optional<AuditResult> result() {
        return auditedOrders().map(a -> OrderAudit.check(ledger, a.items()));
    }
}
