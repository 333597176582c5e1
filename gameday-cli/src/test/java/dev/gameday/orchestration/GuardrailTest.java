package dev.gameday.orchestration;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.metric.MetricStore;
import dev.gameday.definition.GuardrailSpec;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GuardrailTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");
    private static final Map<String, String> PARAMS = Map.of("loadBalancer", "app/shop/1");

    private final MetricStore client = new MetricStore();
    private final MetricStore server = new MetricStore();

    private static GuardrailSpec parse(String yaml) {
        return GuardrailSpec.parse(ConfigNode.parse("g.yaml", yaml)).resolve(PARAMS);
    }

    @Test
    void aRatioIsTheMetricOverItsDenominatorInTheTrailingWindow() {
        GuardrailSpec errors = parse("""
                name: shoppers-failing
                metric: { namespace: Gameday/Client, metric: KoCount }
                per:    { namespace: Gameday/Client, metric: RequestCount }
                over: 10s
                max: 50%
                """);
        for (int s = 0; s < 10; s++) {
            Instant at = T0.plusSeconds(s);
            client.record("Gameday/Client", "RequestCount", Map.of(), at, 1);
            client.record("Gameday/Client", "KoCount", Map.of(), at, s < 6 ? 1 : 0);
        }

        assertThat(errors.max()).isEqualTo(0.5);
        assertThat(GuardrailWatch.valueAt(errors, T0.plusSeconds(10).plusMillis(300), client, server)).hasValue(0.6);
        assertThat(errors.describeBreach(0.6)).isEqualTo("guardrail shoppers-failing breached: 60.0% over the last 10s > 50.0%");
    }

    @Test
    void aServerMetricIsReadFromTheTargetWithItsPlaceholdersFilled() {
        GuardrailSpec elb5xx = parse("""
                name: elb-5xx
                metric: { namespace: AWS/ApplicationELB, metric: HTTPCode_ELB_5XX_Count, dimensions: { LoadBalancer: "${loadBalancer}" } }
                over: 5s
                max: 20
                """);
        server.record("AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", Map.of("LoadBalancer", "app/shop/1"), T0, 25);

        assertThat(GuardrailWatch.valueAt(elb5xx, T0.plusSeconds(5), client, server)).hasValue(25);
        assertThat(GuardrailWatch.valueAt(elb5xx, T0.plusSeconds(30), client, server)).isEmpty();
    }

    @Test
    void noDenominatorMeansNothingToJudgeYet() {
        GuardrailSpec errors = parse("name: e\nmetric: {namespace: Gameday/Client, metric: KoCount}\n"
                + "per: {namespace: Gameday/Client, metric: RequestCount}\nover: 5s\nmax: 10%\n");
        client.record("Gameday/Client", "KoCount", Map.of(), T0, 0);

        assertThat(GuardrailWatch.valueAt(errors, T0.plusSeconds(5), client, server)).isEmpty();
        assertThat(errors.over()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void badGuardrailsNameTheirField() {
        assertThatThrownBy(() -> parse("name: e\nmetric: {namespace: Gameday/Client, metric: KoCount}\nover: 5s\n"))
                .hasMessage("g.yaml:1: missing required field 'max'");
        assertThatThrownBy(() -> parse("name: e\nmetric: {namespace: Gameday/Client, metric: KoCount}\nover: 1.5s\nmax: 1\n"))
                .hasMessage("g.yaml:3: over: must be whole seconds, was 1.5s");
        assertThatThrownBy(() -> parse("name: e\nmetric: {namespace: X, metric: Y, dimensions: {A: \"${nope}\"}}\nover: 5s\nmax: 1\n"))
                .hasMessageContaining("nope");
    }
}
