package dev.gameday.orchestration;

import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.core.config.ConfigException;
import dev.gameday.definition.GameDayParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A steady-state gate naming what it cannot judge is refused before anything starts, at its line. */
class SteadyGatePreflightTest {

    private static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private final Preflight preflight = new Preflight(
            TemplateCatalogue.directory(HOME.resolve("chaos-experiments/templates")), HOME.resolve("slo-checks/slos"));

    @Test
    void aGateNamesSlosOfTheGameDayJudgedOverAWindow() throws IOException {
        assertThat(preflight.check(GameDayParser.parse(gameday("[shopper-availability]")))
                .definition().experiment().orElseThrow().requireSteady()).containsExactly("shopper-availability");

        assertThatThrownBy(() -> preflight.check(GameDayParser.parse(gameday("[nope]"))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("gated.yaml:10")
                .hasMessageContaining("no SLO named 'nope' in this game day (SLOs: shopper-availability, back)");
        assertThatThrownBy(() -> preflight.check(GameDayParser.parse(gameday("[back]"))))
                .hasMessageContaining("SLO 'back' is a recovery SLO; requireSteady judges ratio or threshold SLOs");
    }

    private Path gameday(String requireSteady) throws IOException {
        Path file = dir.resolve("gated.yaml");
        Files.writeString(file, """
                name: gated
                description: A gated experiment.
                platform: { zones: 2, tasksPerZone: 1 }
                load: { usersPerSecond: 3 }
                phases: { warmup: 3s, steady: 6s, fault: 5s }
                experiment:
                  template: ecs-stop-task
                  startAt: fault
                  requireSteady:
                    %s
                slos:
                  - name: shopper-availability
                    kind: ratio
                    good:  { namespace: Gameday/Client, metric: OkCount }
                    valid: { namespace: Gameday/Client, metric: RequestCount }
                    window: steady
                    objective: 99%%
                  - name: back
                    kind: recovery
                    anchor: experiment.started
                    sli: { namespace: Gameday/Client, metric: OkCount, statistic: Sum }
                    atLeast: 1
                    objective: 30s
                """.formatted(requireSteady));
        return file;
    }
}
