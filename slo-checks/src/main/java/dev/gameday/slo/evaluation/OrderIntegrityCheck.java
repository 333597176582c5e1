package dev.gameday.slo.evaluation;

import dev.gameday.slo.audit.AuditResult;
import dev.gameday.slo.audit.AuditedOrders;
import dev.gameday.slo.audit.OrderAudit;
import dev.gameday.slo.audit.OrderEvidence;
import dev.gameday.slo.spec.OrderIntegritySlo;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates {@link OrderIntegritySlo}: the Jepsen set checker over the run's ledger and the
 * shop's audit. No audit is {@code NO_DATA} (nothing proves no order was lost); so is a run that
 * acknowledged no order at all, since nothing could have been lost then either way.
 */
final class OrderIntegrityCheck implements SloCheck<OrderIntegritySlo> {

    /** How many offending keys or ids an explanation names before it says "and N more". */
    private static final int NAMED = 5;

    static final String OBJECTIVE = "lost = 0, duplicated = 0, mismatched = 0, unexpected = 0";

    @Override
    public Class<OrderIntegritySlo> kind() {
        return OrderIntegritySlo.class;
    }

    @Override
    public String objective(OrderIntegritySlo slo) {
        return OBJECTIVE;
    }

    /** Judged from the ledger and the shop's audit, not from metrics. */
    @Override
    public Verdict evaluate(OrderIntegritySlo slo, Judging run) {
        OrderEvidence orders = run.orders();
        if (orders.auditedOrders().isEmpty()) {
            return Verdicts.noData(slo, OBJECTIVE, "the run has no order audit (audit/orders.json): the shop's orders "
                    + "were not read after the traffic", null, List.of());
        }
        AuditedOrders audit = orders.auditedOrders().get();
        AuditResult result = OrderAudit.check(orders.ledger(), audit.items());
        // Evidence windows are whole seconds, like every other SLO's.
        Instant start = audit.since().truncatedTo(ChronoUnit.SECONDS);
        Instant end = audit.fetchedAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        if (result.acknowledged() == 0 && result.violations() == 0) {
            return new Verdict(slo.name(), slo.kind(), slo.description(), OBJECTIVE, Double.NaN, "no data",
                    Verdict.Status.NO_DATA, new Evidence("No data: the client had no order acknowledged ("
                    + result.attempted() + " attempted), so the audit cannot show that none was lost; "
                    + "no data cannot prove the SLO.", OBJECTIVE, start, end, null, List.of()));
        }
        String measured = result.describe();
        String explanation;
        if (result.valid()) {
            explanation = "The shop holds every one of the " + result.acknowledged() + " acknowledged orders once and "
                    + "nothing unexpected (" + result.recovered() + " of " + result.indeterminate()
                    + " indeterminate orders recovered; " + result.present() + " orders audited, " + result.ignored()
                    + " of other shoppers ignored)";
        } else {
            List<String> parts = new ArrayList<>();
            if (result.lost() > 0) {
                parts.add(result.lost() + " acknowledged but absent (keys " + named(result.lostKeys()) + ")");
            }
            if (result.duplicated() > 0) {
                parts.add(result.duplicated() + " keys with more than one order (" + named(result.duplicatedKeys()) + ")");
            }
            if (result.mismatched() > 0) {
                parts.add(result.mismatched() + " acknowledged under another order id than the shop holds (keys "
                        + named(result.mismatchedKeys()) + ")");
            }
            if (result.unexpected() > 0) {
                parts.add(result.unexpected() + " orders never attempted or refused (ids " + named(result.unexpectedIds()) + ")");
            }
            explanation = "Order audit invalid: " + String.join("; ", parts) + " — of " + result.acknowledged()
                    + " acknowledged";
        }
        return new Verdict(slo.name(), slo.kind(), slo.description(), OBJECTIVE, result.violations(), measured,
                result.valid() ? Verdict.Status.PASS : Verdict.Status.FAIL,
                new Evidence(explanation, OBJECTIVE, start, end, null, List.of()));
    }

    private static String named(List<String> values) {
        List<String> shown = values.subList(0, Math.min(NAMED, values.size()));
        return String.join(", ", shown) + (values.size() > NAMED ? " and " + (values.size() - NAMED) + " more" : "");
    }
}
