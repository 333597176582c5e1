package dev.gameday.slo.spec;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.metric.Statistic;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SloParserTest {

    private static final Map<String, String> PARAMS = Map.of(
            "loadBalancer", "app/shop/1", "cluster", "gameday", "service", "shop");

    private static List<Slo> parse(String yaml) {
        return SloParser.parseDocument(ConfigNode.parse("slos.yaml", yaml), PARAMS);
    }

    private static ConfigException error(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e;
        }
        throw new AssertionError("expected a ConfigException");
    }

    @Test
    void readsTheFourKindsWithPlaceholdersFilled() {
        List<Slo> slos = parse("""
                slos:
                  - name: shopper-availability
                    description: Shoppers keep getting answers while a task is killed.
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: { from: steady, to: recovery }
                    objective: 99%
                  - name: alb-5xx-free
                    kind: ratio
                    bad:   { namespace: AWS/ApplicationELB, metric: HTTPCode_ELB_5XX_Count, dimensions: { LoadBalancer: "${loadBalancer}" } }
                    valid: { namespace: AWS/ApplicationELB, metric: RequestCount, dimensions: { LoadBalancer: "${loadBalancer}" } }
                    window: run
                    objective: 99.5%
                  - name: alb-p99-steady
                    kind: threshold
                    metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${loadBalancer}" }, statistic: p99 }
                    window: steady
                    max: 0.5
                    per: 10s
                    allowedBadSlices: 10%
                  - name: capacity-restored
                    kind: recovery
                    anchor: experiment.started
                    sli: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: "${cluster}", ServiceName: "${service}" }, statistic: Minimum }
                    atLeast: 2
                    for: 3
                    objective: 30s
                  - name: hosts-back
                    kind: eventually
                    sli: { namespace: AWS/ApplicationELB, metric: HealthyHostCount, statistic: Minimum }
                    window: { after: experiment.started, for: 60s }
                    atLeast: 6
                """);

        assertThat(slos).extracting(Slo::kind).containsExactly("ratio", "ratio", "threshold", "recovery", "eventually");
        RatioSlo availability = (RatioSlo) slos.get(0);
        assertThat(availability.countsBad()).isFalse();
        assertThat(availability.objective()).isEqualTo(0.99);
        assertThat(availability.window()).isEqualTo(new Window.PhaseRange("steady", "recovery"));
        assertThat(availability.counted().statistic()).isEqualTo(Statistic.SUM);
        assertThat(availability.description()).startsWith("Shoppers");

        RatioSlo fiveXx = (RatioSlo) slos.get(1);
        assertThat(fiveXx.countsBad()).isTrue();
        assertThat(fiveXx.counted().dimensions()).containsEntry("LoadBalancer", "app/shop/1");
        assertThat(fiveXx.window()).isEqualTo(new Window.Run());

        ThresholdSlo p99 = (ThresholdSlo) slos.get(2);
        assertThat(p99.bound()).isEqualTo(Bound.atMost(0.5));
        assertThat(p99.metric().statistic()).isEqualTo(Statistic.of("p99"));
        assertThat(p99.per()).isEqualTo(Duration.ofSeconds(10));
        assertThat(p99.allowedBadSlices()).isEqualTo(0.10);

        RecoverySlo capacity = (RecoverySlo) slos.get(3);
        assertThat(capacity.anchor()).isEqualTo(new Anchor.OnEvent("experiment.started"));
        assertThat(capacity.bound()).isEqualTo(Bound.atLeast(2));
        assertThat(capacity.streak()).isEqualTo(3);
        assertThat(capacity.objective()).isEqualTo(Duration.ofSeconds(30));
        assertThat(capacity.sli().dimensions()).isEqualTo(Map.of("ClusterName", "gameday", "ServiceName", "shop"));

        EventuallySlo hosts = (EventuallySlo) slos.get(4);
        assertThat(hosts.window()).isEqualTo(new Window.AfterEvent("experiment.started", Duration.ofSeconds(60)));
        assertThat(hosts.streak()).isEqualTo(1);
    }

    @Test
    void burnRate() {
        BurnRateSlo slo = (BurnRateSlo) parse("""
                slos:
                  - name: fault-burn
                    kind: burn-rate
                    bad:   { namespace: N, metric: Errors }
                    valid: { namespace: N, metric: Requests }
                    window: fault
                    objective: 99.9%
                    maxBurnRate: 14.4
                """).get(0);
        assertThat(slo.countsBad()).isTrue();
        assertThat(slo.objective()).isEqualTo(0.999);
        assertThat(slo.maxBurnRate()).isEqualTo(14.4);
        assertThat(error("""
                slos:
                  - name: fault-burn
                    kind: burn-rate
                    good:  { namespace: N, metric: Ok }
                    valid: { namespace: N, metric: Requests }
                    window: fault
                    objective: 100%
                    maxBurnRate: 14.4
                """).getMessage()).isEqualTo("slos.yaml:7: slos[0].objective: a 100% objective leaves no error budget to burn");
    }

    @Test
    void phaseBoundaryAnchors() {
        RecoverySlo slo = (RecoverySlo) parse("""
                slos:
                  - name: r
                    kind: recovery
                    anchor: fault.end
                    sli: { namespace: N, metric: M, statistic: Average }
                    atMost: 0.2
                    objective: 1m
                """).get(0);
        assertThat(slo.anchor()).isEqualTo(new Anchor.PhaseBoundary("fault", true));
        assertThat(slo.bound()).isEqualTo(Bound.atMost(0.2));
        assertThat(slo.objective()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void missingObjectiveNamesFileLineAndField() {
        ConfigException e = error("""
                slos:
                  - name: a
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: steady
                """);
        assertThat(e.file()).isEqualTo("slos.yaml");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.path()).isEqualTo("slos[0]");
        assertThat(e.getMessage()).isEqualTo("slos.yaml:2: slos[0]: missing required field 'objective'");
    }

    @Test
    void unknownKindListsTheKnownOnes() {
        ConfigException e = error("""
                slos:
                  - name: a
                    kind: ratio
                    good:  { namespace: N, metric: Ok }
                    valid: { namespace: N, metric: All }
                    window: steady
                    objective: 99%
                  - name: b
                    kind: latency
                """);
        assertThat(e.getMessage()).isEqualTo("slos.yaml:9: slos[1].kind: unknown kind 'latency'; "
                + "expected one of alarm, burn-rate, dns-failover, eventually, order-integrity, ratio, recovery, threshold");
    }

    @Test
    void badPercentages() {
        String template = """
                slos:
                  - name: a
                    kind: ratio
                    good:  { namespace: N, metric: Ok }
                    valid: { namespace: N, metric: All }
                    window: steady
                    objective: %s
                """;
        assertThat(error(template.formatted("99.5")).getMessage())
                .isEqualTo("slos.yaml:7: slos[0].objective: must be between 0% and 100%, was '99.5'");
        assertThat(error(template.formatted("lots")).getMessage())
                .isEqualTo("slos.yaml:7: slos[0].objective: must be a percentage such as 99.5%, was 'lots'");
        assertThat(error(template.formatted("101%")).reason()).startsWith("must be between 0% and 100%");
    }

    @Test
    void unknownPhaseNames() {
        ConfigException single = error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: stedy
                    max: 1
                """);
        assertThat(single.getMessage()).isEqualTo("slos.yaml:5: slos[0].window: unknown phase 'stedy'; "
                + "expected run or one of warmup, steady, fault, recovery, cooldown");

        ConfigException range = error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: { from: steady, to: recover }
                    max: 1
                """);
        assertThat(range.path()).isEqualTo("slos[0].window.to");
        assertThat(range.reason()).startsWith("unknown phase 'recover'");

        ConfigException backwards = error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: { from: recovery, to: steady }
                    max: 1
                """);
        assertThat(backwards.reason()).startsWith("phase 'steady' comes before 'recovery'");
    }

    @Test
    void unfilledPlaceholderIsNamed() {
        ConfigException e = error("""
                slos:
                  - name: a
                    kind: ratio
                    bad:   { namespace: AWS/ApplicationELB, metric: HTTPCode_ELB_5XX_Count, dimensions: { TargetGroup: "${targetGroup}" } }
                    valid: { namespace: AWS/ApplicationELB, metric: RequestCount }
                    window: run
                    objective: 99%
                """);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.path()).isEqualTo("slos[0].bad.dimensions.TargetGroup");
        assertThat(e.reason()).isEqualTo("placeholder ${targetGroup} is not filled: the target has no parameter "
                + "'targetGroup' (it has: cluster, loadBalancer, service)");
    }

    @Test
    void otherMistakes() {
        assertThat(error("""
                slos:
                  - name: a
                    kind: ratio
                    good:  { namespace: N, metric: Ok, statistic: p99 }
                    valid: { namespace: N, metric: All }
                    window: run
                    objective: 99%
                """).reason()).isEqualTo("a ratio counts events, so its series are read with Sum, not p99");
        assertThat(error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M }
                    window: run
                    max: 1
                """).getMessage()).isEqualTo("slos.yaml:4: slos[0].metric: missing required field 'statistic' "
                + "(e.g. p99, Average, Minimum)");
        assertThat(error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: run
                    max: 1
                    min: 0
                """).reason()).isEqualTo("give either 'max' or 'min', not both");
        assertThat(error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: run
                    max: 1
                    per: 1500ms
                """).path()).isEqualTo("slos[0].per");
        assertThat(error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: run
                    max: 1
                    maximum: 2
                """).reason()).startsWith("unknown field 'maximum'");
        assertThat(error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: run
                    max: 1
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p99 }
                    window: run
                    max: 1
                """).getMessage()).isEqualTo("slos.yaml:7: slos[1].name: duplicate SLO name 'a'");
        assertThat(error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: p42x }
                    window: run
                    max: 1
                """).path()).isEqualTo("slos[0].metric.statistic");
    }

    @Test
    void referencesBySloFileName() {
        ConfigNode gameday = ConfigNode.parse("gamedays/smoke.yaml", "sloFiles: [shop, shopp]\n");
        List<ConfigNode> refs = gameday.get("sloFiles").list();
        Map<String, String> params = Map.of("loadBalancer", "lb", "cluster", "c", "service", "s");
        assertThat(SloParser.loadReference(refs.get(0), java.nio.file.Path.of("slos"), params)).isNotEmpty();
        assertThatThrownBy(() -> SloParser.loadReference(refs.get(1), java.nio.file.Path.of("slos"), params))
                .isInstanceOf(ConfigException.class)
                .hasMessage("gamedays/smoke.yaml:1: sloFiles[1]: no SLO file 'shopp' in slos (there are: shop)");
    }

    @Test
    void theShippedSloFilesParse() {
        List<Slo> slos = SloParser.load(java.nio.file.Path.of("slos/shop.yaml"),
                Map.of("loadBalancer", "app/shop/1", "targetGroup", "targetgroup/shop/1", "cluster", "c", "service", "s"));
        assertThat(slos).isNotEmpty();
    }

    @Test
    void parsedOnceWithPlaceholdersKeptThenResolvedInOneStep() {
        SloSpecs specs = SloParser.parseSpecs(ConfigNode.parse("slos.yaml", """
                slos:
                  - name: p99
                    description: answers fast behind ${ loadBalancer }
                    kind: threshold
                    metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: "${ loadBalancer }" }, statistic: p99 }
                    window: steady
                    max: 0.5
                  - name: alarm
                    kind: alarm
                    alarm:
                      metric: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, dimensions: { ClusterName: "${cluster}" }, statistic: Minimum }
                      period: 10s
                      comparison: LessThanThreshold
                      threshold: 2
                      evaluationPeriods: 1
                    detect: { after: fault.start, within: 60s }
                    clear: { after: recovery.start }
                """).get("slos"));
        ThresholdSlo kept = (ThresholdSlo) specs.slos().get(0);
        assertThat(kept.metric().dimensions()).containsEntry("LoadBalancer", "${ loadBalancer }");
        assertThat(specs.placeholders()).extracting(p -> p.path()).containsExactly("slos[0].description",
                "slos[0].metric.dimensions.LoadBalancer", "slos[1].alarm.metric.dimensions.ClusterName");

        List<Slo> resolved = specs.resolve(PARAMS);
        ThresholdSlo filled = (ThresholdSlo) resolved.get(0);
        assertThat(filled.metric().dimensions()).containsEntry("LoadBalancer", "app/shop/1");
        assertThat(filled.description()).isEqualTo("answers fast behind app/shop/1");
        assertThat(((AlarmSlo) resolved.get(1)).alarm().metric().dimensions()).containsEntry("ClusterName", "gameday");
        assertThat(filled).isEqualTo(parse("""
                slos:
                  - name: p99
                    description: answers fast behind app/shop/1
                    kind: threshold
                    metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, dimensions: { LoadBalancer: app/shop/1 }, statistic: p99 }
                    window: steady
                    max: 0.5
                """).get(0));

        specs.requirePlaceholders(List.of("loadBalancer", "cluster"));
        assertThatThrownBy(() -> specs.requirePlaceholders(List.of("loadBalancer")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("slos.yaml:11: slos[1].alarm.metric.dimensions.ClusterName: placeholder ${cluster} is not "
                        + "filled: the target has no parameter 'cluster' (it has: loadBalancer)");
        assertThatThrownBy(() -> specs.resolve(Map.of("loadBalancer", "lb", "cluster", " ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("slos.yaml:11: slos[1].alarm.metric.dimensions.ClusterName: dimension value "
                        + "must not be empty");
    }

    @Test
    void aPlaceholderInAFieldTheParserValidatesIsRefusedThere() {
        ConfigException e = error("""
                slos:
                  - name: a
                    kind: threshold
                    metric: { namespace: N, metric: M, statistic: "${stat}" }
                    window: run
                    max: 1
                """);
        assertThat(e.path()).isEqualTo("slos[0].metric.statistic");
        assertThat(e.reason()).startsWith("a placeholder stands for a target's value");
    }
}
