package dev.gameday.slo.evaluation;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.order.CheckoutAttempt;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.order.OrderOutcome;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.slo.audit.AuditedOrder;
import dev.gameday.slo.audit.AuditedOrders;
import dev.gameday.slo.spec.OrderIntegritySlo;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloParser;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The order-integrity SLO, judged from a run directory's {@code orders.jsonl} and {@code audit/orders.json}. */
class OrderIntegrityTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final List<Slo> SLOS = SloParser.parseList(ConfigNode.parse("gameday.yaml", """
            - {name: no-order-lost, kind: order-integrity, description: every acknowledged order kept once}
            """), Map.of());

    @TempDir
    Path runs;

    private RunDirectory run;

    @BeforeEach
    void run() {
        run = RunDirectory.create(runs, "orders", T0);
        try (EventLog events = EventLog.open(run.events(), java.time.Clock.systemUTC())) {
            events.append(new Event(T0, "orchestrator", "phase.started", Map.of("phase", "steady")));
            events.append(new Event(T0.plusSeconds(20), "orchestrator", "phase.ended", Map.of("phase", "steady")));
        }
    }

    @Test
    void parses_with_nothing_but_a_name() {
        assertThat(SLOS).containsExactly(new OrderIntegritySlo("no-order-lost", "every acknowledged order kept once"));
        assertThatThrownBy(() -> SloParser.parseOne(ConfigNode.parse("x.yaml", """
                name: no-order-lost
                kind: order-integrity
                window: steady
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("x.yaml:3: window: unknown field 'window'; expected one of description, kind, name");
    }

    @Test
    void passes_when_every_acknowledged_order_is_held_once() throws IOException {
        ledger(ack("k1", "1"), ack("k2", "2"), indeterminate("k3"));
        audit(order("1", "k1"), order("2", "k2"), order("3", "k3"));

        Verdict v = SloEvaluator.evaluate(SLOS, run).get(0);

        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.kind()).isEqualTo("order-integrity");
        assertThat(v.objective()).isEqualTo("lost = 0, duplicated = 0, mismatched = 0, unexpected = 0");
        assertThat(v.measured()).isZero();
        assertThat(v.measuredText()).isEqualTo(
                "0 lost, 0 duplicated, 0 mismatched, 0 unexpected of 2 acknowledged (1 of 1 indeterminate recovered, 0 refused)");
        assertThat(v.explanation()).startsWith("The shop holds every one of the 2 acknowledged orders once");
        assertThat(v.evidence().windowStart()).isEqualTo(T0);
        assertThat(v.evidence().windowEnd()).isEqualTo(T0.plusSeconds(31));
    }

    @Test
    void fails_naming_the_lost_duplicated_and_unexpected_orders() throws IOException {
        ledger(ack("k1", "1"), ack("k2", "2"), ack("k3", "3"));
        audit(order("1", "k1"), order("4", "k1"), order("3", "k3"), order("5", "invented"));

        Verdict v = SloEvaluator.evaluate(SLOS, run).get(0);

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measured()).isEqualTo(3);
        assertThat(v.explanation()).isEqualTo("Order audit invalid: 1 acknowledged but absent (keys k2); "
                + "1 keys with more than one order (k1); 1 orders never attempted or refused (ids 5) — of 3 acknowledged");
    }

    @Test
    void fails_when_the_shop_holds_the_key_under_another_order_id() throws IOException {
        ledger(ack("k1", "1"), ack("k2", "2"));
        audit(order("1", "k1"), order("9", "k2"));

        Verdict v = SloEvaluator.evaluate(SLOS, run).get(0);

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measured()).isEqualTo(1);
        assertThat(v.measuredText()).startsWith("0 lost, 0 duplicated, 1 mismatched, 0 unexpected of 2 acknowledged");
        assertThat(v.explanation()).isEqualTo("Order audit invalid: 1 acknowledged under another order id than the "
                + "shop holds (keys k2) — of 2 acknowledged");
    }

    @Test
    void a_run_without_an_audit_is_no_data() throws IOException {
        ledger(ack("k1", "1"));

        Verdict v = SloEvaluator.evaluate(SLOS, run).get(0);

        assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
        assertThat(v.explanation()).contains("the run has no order audit (audit/orders.json)");
        // The older signature has no order evidence: the same SLO is no data there too.
        assertThat(SloEvaluator.evaluate(SLOS, List.of(), List.of(), RecordedSeries.read(run)).get(0).status())
                .isEqualTo(Verdict.Status.NO_DATA);
    }

    @Test
    void a_run_that_acknowledged_nothing_cannot_show_that_nothing_was_lost() throws IOException {
        ledger(indeterminate("k1"));
        audit();

        assertThat(SloEvaluator.evaluate(SLOS, run).get(0).status()).isEqualTo(Verdict.Status.NO_DATA);
    }

    @Test
    void asks_for_no_series() {
        assertThat(SloEvaluator.requiredSeries(SLOS, List.of(), List.of())).isEmpty();
    }

    private static LedgerEntry ack(String key, String id) {
        return new LedgerEntry(key, "a@gameday.test", T0.plusSeconds(1), T0.plusSeconds(1),
                List.of(CheckoutAttempt.answered(T0.plusSeconds(1), 201, Duration.ofMillis(20), id)), id,
                OrderOutcome.ACKNOWLEDGED);
    }

    private static LedgerEntry indeterminate(String key) {
        return new LedgerEntry(key, "a@gameday.test", T0.plusSeconds(1), T0.plusSeconds(3),
                List.of(CheckoutAttempt.unanswered(T0.plusSeconds(1), "timeout after PT2S", Duration.ofSeconds(2))),
                null, OrderOutcome.INDETERMINATE);
    }

    private static AuditedOrder order(String id, String key) {
        return new AuditedOrder(id, key, "PLACED", T0.plusSeconds(1), "7", BigDecimal.TEN);
    }

    private void ledger(LedgerEntry... entries) throws IOException {
        Files.writeString(run.orders(), java.util.Arrays.stream(entries).map(OrderLedgerFile::line)
                .collect(Collectors.joining("\n", "", "\n")));
    }

    private void audit(AuditedOrder... orders) {
        new AuditedOrders(T0, T0.plusSeconds(30).plusMillis(400), List.of(orders)).write(run.auditedOrders());
    }
}
