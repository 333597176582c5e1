package dev.gameday.slo.audit;

import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderOutcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Jepsen set checker over orders, purely: the client's ledger ({@code orders.jsonl}) against
 * the shop's audit ({@code audit/orders.json}), read once after the faults. The join key is the
 * idempotency key: the ledger knows shoppers by e-mail, the shop by user id, but every logical
 * order carries a fresh random key the shop stores with it.
 *
 * <p><b>Which of the shop's orders count.</b> Time: only orders created at or after the audit's
 * {@code since} (the run's start; the endpoint filters). Shoppers: only the accounts of this run's
 * shoppers, recognised as the user ids of the shop's orders whose key is in the ledger. On
 * {@code aws} the shop may be shared with other traffic or another game day; their orders are
 * not this run's to explain, so they are counted as {@code ignored}, never as unexpected. The
 * price: an order the shop invents for a shopper of this run who has no other order in the shop
 * is not seen. With shoppers drawn from a small pool for many orders, that leaves little out.
 */
public final class OrderAudit {

    private OrderAudit() {
    }

    /** Audits the ledger against the shop's orders. */
    public static AuditResult check(List<LedgerEntry> ledger, Collection<AuditedOrder> shop) {
        Map<String, OrderOutcome> attempted = outcomesByKey(ledger);
        Map<String, List<AuditedOrder>> held = new LinkedHashMap<>();
        Set<String> runUsers = new HashSet<>();
        for (AuditedOrder order : shop) {
            if (attempted.containsKey(order.idempotencyKey()) && order.userId() != null) {
                runUsers.add(order.userId());
            }
        }
        long ignored = 0;
        for (AuditedOrder order : shop) {
            if (attempted.containsKey(order.idempotencyKey()) || runUsers.contains(order.userId())) {
                held.computeIfAbsent(order.idempotencyKey(), k -> new ArrayList<>()).add(order);
            } else {
                ignored++;
            }
        }

        List<String> lost = new ArrayList<>();
        List<String> recovered = new ArrayList<>();
        long acknowledged = 0;
        long failed = 0;
        long indeterminate = 0;
        for (Map.Entry<String, OrderOutcome> e : attempted.entrySet()) {
            boolean present = held.containsKey(e.getKey());
            switch (e.getValue()) {
                case ACKNOWLEDGED -> {
                    acknowledged++;
                    if (!present) {
                        lost.add(e.getKey());
                    }
                }
                case INDETERMINATE -> {
                    indeterminate++;
                    if (present) {
                        recovered.add(e.getKey());
                    }
                }
                case FAILED -> failed++;
            }
        }

        List<String> duplicated = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        long present = 0;
        for (Map.Entry<String, List<AuditedOrder>> e : held.entrySet()) {
            present += e.getValue().size();
            if (e.getValue().size() > 1) {
                duplicated.add(e.getKey());
            }
            OrderOutcome outcome = attempted.get(e.getKey());
            // A definite refusal is as strong a promise as never asking: such an order must not exist.
            if (outcome == null || outcome == OrderOutcome.FAILED) {
                e.getValue().forEach(o -> unexpected.add(o.id()));
            }
        }
        return new AuditResult(attempted.size(), acknowledged, failed, indeterminate, lost.size(), duplicated.size(),
                unexpected.size(), recovered.size(), present, ignored, lost, duplicated, unexpected, recovered);
    }

    /**
     * One outcome per key. A key the ledger holds twice (it should not: keys are fresh per order)
     * takes the strongest knowledge: acknowledged over indeterminate over failed.
     */
    private static Map<String, OrderOutcome> outcomesByKey(List<LedgerEntry> ledger) {
        Map<String, OrderOutcome> out = new LinkedHashMap<>();
        for (LedgerEntry entry : ledger) {
            out.merge(entry.idempotencyKey(), entry.outcome(), OrderAudit::stronger);
        }
        return out;
    }

    private static OrderOutcome stronger(OrderOutcome a, OrderOutcome b) {
        if (a == OrderOutcome.ACKNOWLEDGED || b == OrderOutcome.ACKNOWLEDGED) {
            return OrderOutcome.ACKNOWLEDGED;
        }
        if (a == OrderOutcome.INDETERMINATE || b == OrderOutcome.INDETERMINATE) {
            return OrderOutcome.INDETERMINATE;
        }
        return OrderOutcome.FAILED;
    }
}
