package dev.gameday.slo.audit;

import java.util.List;

/**
 * The order audit's finding, in the Jepsen set checker's terms (FACTS.md): what the client
 * attempted and learnt, against what the shop holds. Valid only when nothing was lost,
 * duplicated or unexpected; recovered orders (indeterminate, yet present) are fine.
 *
 * @param attempted      logical orders the client tried to place (idempotency keys in the ledger)
 * @param acknowledged   of those, the ones a 2xx confirmed
 * @param failed         the ones every attempt of which got a definite 4xx
 * @param indeterminate  the ones whose fate the client could not know (timeouts, lost answers, 5xx)
 * @param lost           acknowledged but absent from the shop
 * @param duplicated     idempotency keys the shop holds more than one order for
 * @param unexpected     orders the shop holds that the client never attempted, or that it was
 *                       definitely refused (a 4xx promises the order does not exist)
 * @param recovered      indeterminate but present
 * @param present        the shop's orders the audit judged (the run's shoppers, the run's time)
 * @param ignored        the shop's orders outside the run's shoppers, not judged
 * @param lostKeys       idempotency keys of the lost orders
 * @param duplicatedKeys idempotency keys with more than one order
 * @param unexpectedIds  the shop's ids of the unexpected orders
 * @param recoveredKeys  idempotency keys of the recovered orders
 */
public record AuditResult(long attempted, long acknowledged, long failed, long indeterminate,
                          long lost, long duplicated, long unexpected, long recovered,
                          long present, long ignored,
                          List<String> lostKeys, List<String> duplicatedKeys, List<String> unexpectedIds,
                          List<String> recoveredKeys) {

    public AuditResult {
        lostKeys = List.copyOf(lostKeys);
        duplicatedKeys = List.copyOf(duplicatedKeys);
        unexpectedIds = List.copyOf(unexpectedIds);
        recoveredKeys = List.copyOf(recoveredKeys);
    }

    /** Whether the shop kept its promises: {@code lost = duplicated = unexpected = 0}. */
    public boolean valid() {
        return lost == 0 && duplicated == 0 && unexpected == 0;
    }

    /** The violations together: lost + duplicated + unexpected. */
    public long violations() {
        return lost + duplicated + unexpected;
    }

    /** For people, e.g. {@code 0 lost, 0 duplicated, 0 unexpected of 812 acknowledged (3 recovered)}. */
    public String describe() {
        return lost + " lost, " + duplicated + " duplicated, " + unexpected + " unexpected of " + acknowledged
                + " acknowledged (" + recovered + " of " + indeterminate + " indeterminate recovered, "
                + failed + " refused)";
    }
}
