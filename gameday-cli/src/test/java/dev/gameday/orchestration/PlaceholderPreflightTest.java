package dev.gameday.orchestration;

import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.core.config.ConfigException;
import dev.gameday.definition.GameDayParser;
import dev.gameday.slo.spec.ThresholdSlo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SLOs, guardrails and live waits a game day parsed once keep their placeholders: the preflight
 * refuses a name the target never provides at its line (no stand-in values), and one resolve step
 * fills every section with the opened target's values.
 */
class PlaceholderPreflightTest {

    /** The project's own catalogues: the game day has no experiment, its SLOs are inline. */
    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    private final Preflight preflight = new Preflight(TemplateCatalogue.directory(HOME.resolve("chaos-experiments/templates")),
            HOME.resolve("slo-checks/slos"));

    @TempDir
    Path dir;

    @Test
    void aPlaceholderTheTargetNeverProvidesIsRefusedAtItsLine() throws IOException {
        assertThatThrownBy(() -> preflight.check(GameDayParser.parse(gameday("${ clustr }", "${service}", "${loadBalancer}"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("placed.yaml:8: guardrails[0].metric.dimensions.ClusterName: placeholder ${clustr}"
                        + " is not filled: the target has no parameter 'clustr' (it has: account, cluster,")
                .satisfies(e -> assertThat(((ConfigException) e).line()).isEqualTo(8));
        assertThatThrownBy(() -> preflight.check(GameDayParser.parse(gameday("${cluster}", "${servce}", "${loadBalancer}"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("awaits[0].metric.dimensions.ServiceName: placeholder ${servce} is not filled: "
                        + "the target has no parameter 'servce'");
        assertThatThrownBy(() -> preflight.check(GameDayParser.parse(gameday("${cluster}", "${service}", "${lb}"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("slos[0].metric.dimensions.LoadBalancer: placeholder ${lb} is not filled");
    }

    @Test
    void oneStepFillsEverySectionWithTheTargetsValues() throws IOException {
        Preflight.Checked checked = preflight.check(GameDayParser.parse(gameday("${ cluster }", "${service}",
                "${loadBalancer}")));
        assertThat(checked.slos().slos().get(0)).isInstanceOfSatisfying(ThresholdSlo.class,
                slo -> assertThat(slo.metric().dimensions()).containsEntry("LoadBalancer", "${loadBalancer}"));

        Preflight.Resolved resolved = checked.resolve(Map.of("cluster", "gameday", "service", "shop",
                "loadBalancer", "app/shop/1"));

        assertThat(resolved.guardrails().get(0).metric().dimensions()).containsEntry("ClusterName", "gameday");
        assertThat(resolved.guardrails().get(0).placeholders()).isEmpty();
        assertThat(resolved.awaits().get(0).metric().dimensions()).containsEntry("ServiceName", "shop");
        assertThat(resolved.slos().get(0)).isInstanceOfSatisfying(ThresholdSlo.class,
                slo -> assertThat(slo.metric().dimensions()).containsEntry("LoadBalancer", "app/shop/1"));
        assertThatThrownBy(() -> checked.resolve(Map.of("cluster", "gameday", "service", "shop")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("slos[0].metric.dimensions.LoadBalancer: placeholder ${loadBalancer} is not filled");
    }

    private Path gameday(String cluster, String service, String loadBalancer) throws IOException {
        Path file = dir.resolve("placed.yaml");
        Files.writeString(file, """
                name: placed
                description: Placeholders in every section.
                load: { usersPerSecond: 3 }
                phases: { steady: 6s, recovery: 10s }
                guardrails:
                  - name: tasks
                    metric: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, statistic: Maximum,
                              dimensions: { ClusterName: "%s" } }
                    over: 5s
                    max: 10
                awaits:
                  - name: back
                    during: recovery
                    metric: { namespace: ECS/ContainerInsights, metric: RunningTaskCount, statistic: Minimum,
                              dimensions: { ServiceName: "%s" } }
                    atLeast: 1
                    within: 10s
                slos:
                  - name: p99
                    kind: threshold
                    metric: { namespace: AWS/ApplicationELB, metric: TargetResponseTime, statistic: p99,
                              dimensions: { LoadBalancer: "%s" } }
                    window: steady
                    max: 0.5
                """.formatted(cluster, service, loadBalancer));
        return file;
    }
}
