package dev.gameday.slo.audit;

import java.util.List;

/**
 * The order audit's finding, in the Jepsen set checker's terms (FACTS.md): what the client
 * attempted and learnt, against what the shop holds. Valid only when nothing was lost,
 * duplicated, mismatched or unexpected; recovered orders (indeterminate, yet present) are fine.
 *
 * @param attempted      logical orders the client tried to place (idempotency keys in the ledger)
 * @param acknowledged   of those, the ones a 2xx confirmed
 * @param failed         the ones every attempt of which got a definite 4xx
 * @param indeterminate  the ones whose fate the client could not know (timeouts, lost answers, 5xx)
 * @param lost           acknowledged but absent from the shop
 * @param duplicated     idempotency keys the shop holds more than one order for
 * @param mismatched     acknowledged, and the shop holds an order under the key, but not under the order id
 *                       the client was acknowledged with: the shop answered for one order and kept another
 * @param unexpected     orders the shop holds that the client never attempted, or that it was
 *                       definitely refused (a 4xx promises the order does not exist)
 * @param recovered      indeterminate but present
 * @param present        the shop's orders the audit judged (the run's shoppers, the run's time)
 * @param ignored        the shop's orders outside the run's shoppers, not judged
 * @param lostKeys       idempotency keys of the lost orders
 * @param duplicatedKeys idempotency keys with more than one order
 * @param mismatchedKeys idempotency keys of the mismatched orders
 * @param unexpectedIds  the shop's ids of the unexpected orders
 * @param recoveredKeys  idempotency keys of the recovered orders
 */
public record AuditResult(long attempted, long acknowledged, long failed, long indeterminate,
                          long lost, long duplicated, long mismatched, long unexpected, long recovered,
                          long present, long ignored,
                          List<String> lostKeys, List<String> duplicatedKeys, List<String> mismatchedKeys,
                          List<String> unexpectedIds, List<String> recoveredKeys) {

    public AuditResult {
        lostKeys = List.copyOf(lostKeys);
        duplicatedKeys = List.copyOf(duplicatedKeys);
        mismatchedKeys = List.copyOf(mismatchedKeys);
        unexpectedIds = List.copyOf(unexpectedIds);
        recoveredKeys = List.copyOf(recoveredKeys);
    }

    /** Whether the shop kept its promises: {@code lost = duplicated = mismatched = unexpected = 0}. */
    public boolean valid() {
        return violations() == 0;
    }

    /** The violations together: lost + duplicated + mismatched + unexpected. */
    public long violations() {
        return lost + duplicated + mismatched + unexpected;
    }

    /** For people, e.g. {@code 0 lost, 0 duplicated, 0 mismatched, 0 unexpected of 812 acknowledged (…)}. */
    public String describe() {
        return lost + " lost, " + duplicated + " duplicated, " + mismatched + " mismatched, " + unexpected
                + " unexpected of " + acknowledged
                + " acknowledged (" + recovered + " of " + indeterminate + " indeterminate recovered, "
                + failed + " refused)";
    }
}
