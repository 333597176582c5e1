package dev.gameday.slo.audit;

import dev.gameday.core.order.CheckoutAttempt;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderOutcome;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Jepsen set checker over orders, purely: the client's ledger ({@code orders.jsonl}) against
 * the shop's audit ({@code audit/orders.json}), read once after the faults. The join key is the
 * idempotency key: the ledger knows shoppers by e-mail, the shop by user id, but every logical
 * order carries a fresh random key the shop stores with it.
 *
 * <p><b>Ids.</b> Finding the key is not enough: an acknowledged order whose key the shop holds,
 * but not under the order id the client was acknowledged with, is {@code mismatched} — the shop
 * promised one order and kept another (a retry answered from a stale cache, an id reused after a
 * failover). Every id an acknowledging attempt carried for the key must be among the ids the shop
 * holds for it; an acknowledgement without an id cannot be compared and is not judged on ids.
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

        Map<String, Set<String>> acknowledgedIds = acknowledgedIdsByKey(ledger);
        List<String> lost = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
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
                    } else if (!heldIds(held.get(e.getKey())).containsAll(
                            acknowledgedIds.getOrDefault(e.getKey(), Set.of()))) {
                        mismatched.add(e.getKey());
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
                mismatched.size(), unexpected.size(), recovered.size(), present, ignored, lost, duplicated, mismatched,
                unexpected, recovered);
    }

    /**
     * The order ids the shop acknowledged each key with: every 2xx attempt's id, and the entry's own
     * id when it is acknowledged (the ledger keeps the acknowledging attempt's id there).
     */
    private static Map<String, Set<String>> acknowledgedIdsByKey(List<LedgerEntry> ledger) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (LedgerEntry entry : ledger) {
            Set<String> ids = out.computeIfAbsent(entry.idempotencyKey(), k -> new LinkedHashSet<>());
            entry.attempts().stream().filter(CheckoutAttempt::acknowledged).map(CheckoutAttempt::orderId)
                    .filter(Objects::nonNull).forEach(ids::add);
            if (entry.outcome() == OrderOutcome.ACKNOWLEDGED && entry.orderId() != null) {
                ids.add(entry.orderId());
            }
        }
        return out;
    }

    private static Set<String> heldIds(List<AuditedOrder> orders) {
        Set<String> ids = new HashSet<>();
        orders.forEach(o -> ids.add(o.id()));
        return ids;
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
