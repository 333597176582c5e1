package dev.gameday.slo.evaluation;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.event.Event;
import dev.gameday.slo.spec.Anchor;
import dev.gameday.slo.spec.DnsFailoverSlo;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloParser;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.gameday.slo.evaluation.RunFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dns-failover kind on {@link RunFixture}'s run (experiment.started at 30.4 s, fault ends at
 * 60 s), judged from hand-built {@code dns.answer} events as the aws target's Route 53 watch
 * records them (one every 5 s).
 */
class DnsFailoverSloTest {

    private static final String PRIMARY = "203.0.113.10";
    private static final String STANDBY = "198.51.100.20";

    private final RunFixture run = new RunFixture();

    private static Slo slo(String failoverWithin, String returnWithin) {
        return SloParser.parseOne(ConfigNode.parse("gameday.yaml", """
                name: dns-fails-over
                kind: dns-failover
                record: shop.example.com
                failoverAnswer: %s
                primaryAnswer: %s
                failoverWithin: %s
                returnWithin: %s
                """.formatted(STANDBY, PRIMARY, failoverWithin, returnWithin)), Map.of());
    }

    /** The record answers {@code PRIMARY} except in {@code [from, to)}, where it answers {@code STANDBY}; every 5 s. */
    private void answers(int from, int to) {
        for (int s = 0; s < 100; s += 5) {
            String value = s >= from && s < to ? STANDBY : PRIMARY;
            run.events.add(new Event(at(s), "route53", "dns.answer", Map.of("record", "shop.example.com.", "type", "A",
                    "answers", value, "responseCode", "NOERROR")));
        }
        run.events.sort((a, b) -> a.ts().compareTo(b.ts()));
    }

    @Test
    void parses_with_default_anchors() {
        DnsFailoverSlo slo = (DnsFailoverSlo) slo("30s", "45s");

        assertThat(slo.faultStart()).isEqualTo(new Anchor.OnEvent("experiment.started"));
        assertThat(slo.faultEnd()).isEqualTo(new Anchor.PhaseBoundary("fault", true));
        assertThat(slo.failoverWithin()).isEqualTo(Duration.ofSeconds(30));
        assertThat(slo.returnWithin()).isEqualTo(Duration.ofSeconds(45));
        assertThat(SloParser.KINDS).contains("dns-failover");
    }

    @Test
    void passes_when_it_fails_over_in_time_and_comes_back() {
        answers(45, 70);

        Verdict v = run.evaluate(slo("30s", "30s"));

        assertThat(v.status()).isEqualTo(Verdict.Status.PASS);
        assertThat(v.measured()).isEqualTo(14);
        assertThat(v.measuredText()).isEqualTo("failover after 14 s, back 10 s after fault.end");
        assertThat(v.objective()).isEqualTo(STANDBY + " ≤ 30 s after experiment.started, " + PRIMARY + " ≤ 30 s after fault.end");
        assertThat(v.explanation()).isEqualTo("shop.example.com: " + STANDBY + " at 12:00:45, 14 s after experiment.started"
                + " (12:00:30) ≤ 30 s; " + PRIMARY + " at 12:01:10, 10 s after fault.end (12:01:00) ≤ 30 s; answers"
                + " 12:00:00 " + PRIMARY + " → 12:00:45 " + STANDBY + " → 12:01:10 " + PRIMARY);
        assertThat(v.evidence().firstBreach()).isNull();
    }

    @Test
    void fails_when_the_failover_comes_too_late() {
        answers(55, 70);

        Verdict v = run.evaluate(slo("15s", "30s"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measured()).isEqualTo(24);
        assertThat(v.explanation()).contains("24 s after experiment.started (12:00:30) > 15 s");
        assertThat(v.evidence().firstBreach()).isEqualTo(at(30.4).plusSeconds(15));
    }

    @Test
    void fails_when_it_never_fails_over() {
        answers(200, 300);

        Verdict v = run.evaluate(slo("30s", "30s"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measuredText()).isEqualTo("never failed over");
        assertThat(v.explanation()).startsWith("shop.example.com never answered " + STANDBY + " after experiment.started");
    }

    @Test
    void fails_when_it_never_returns() {
        answers(40, 1000);

        Verdict v = run.evaluate(slo("30s", "30s"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measuredText()).isEqualTo("failover after 9 s, never back");
        assertThat(v.explanation()).contains("never answered " + PRIMARY + " again after fault.end (12:01:00)");
        assertThat(v.evidence().firstBreach()).isEqualTo(at(90));
    }

    @Test
    void fails_when_it_returns_too_late() {
        answers(40, 95);

        Verdict v = run.evaluate(slo("30s", "30s"));

        assertThat(v.status()).isEqualTo(Verdict.Status.FAIL);
        assertThat(v.measuredText()).isEqualTo("failover after 9 s, back 35 s after fault.end");
    }

    @Test
    void is_no_data_without_dns_answers() {
        Verdict v = run.evaluate(slo("30s", "30s"));

        assertThat(v.status()).isEqualTo(Verdict.Status.NO_DATA);
        assertThat(v.explanation()).startsWith("No data: no dns.answer event for shop.example.com");
    }

    @Test
    void bad_fields_are_named() {
        assertThatThrownBy(() -> SloParser.parseOne(ConfigNode.parse("g.yaml", """
                name: d
                kind: dns-failover
                record: shop.example.com
                failoverAnswer: 10.0.0.1
                primaryAnswer: 10.0.0.1
                failoverWithin: 30s
                returnWithin: 30s
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("g.yaml:5: primaryAnswer: must be the value the record answers when healthy");
        assertThatThrownBy(() -> SloParser.parseOne(ConfigNode.parse("g.yaml", """
                name: d
                kind: dns-failover
                record: shop.example.com
                failoverAnswer: 10.0.0.2
                primaryAnswer: 10.0.0.1
                failoverWithin: soon
                returnWithin: 30s
                """), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("g.yaml:6: failoverWithin: ");
    }
}
