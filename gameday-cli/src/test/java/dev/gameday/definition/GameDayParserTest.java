package dev.gameday.definition;

import dev.gameday.core.config.ConfigException;
import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ShopperPool;
import dev.gameday.simulation.journey.ThinkTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GameDayParserTest {

    @TempDir
    Path dir;

    private Path write(String name, String yaml) throws IOException {
        Path file = dir.resolve(name + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    private static final String VALID = """
            name: demo
            description: proves things
            load:
              usersPerSecond: 3
            phases:
              warmup: 5s
              steady: 10s
              fault: 10s
              recovery: 0s
            experiment:
              template: ecs-stop-task
            slos:
              - name: a
                kind: order-integrity
            """;

    @Test
    void readsAValidGameDay() throws IOException {
        GameDayDefinition def = GameDayParser.parse(write("demo", VALID));

        assertThat(def.name()).isEqualTo("demo");
        assertThat(def.target()).isEqualTo("local");
        assertThat(def.platform()).isEqualTo(PlatformSpec.DEFAULT);
        assertThat(def.phases()).extracting(PhaseSpec::name).containsExactly("warmup", "steady", "fault");
        assertThat(def.totalDuration()).isEqualTo(Duration.ofSeconds(25));
        assertThat(def.offsetOf("fault")).isEqualTo(Duration.ofSeconds(15));
        assertThat(def.experiment()).hasValueSatisfying(e -> {
            assertThat(e.template()).isEqualTo("ecs-stop-task");
            assertThat(e.startPhase()).isEqualTo("fault");
        });
        assertThat(def.load().mix()).containsOnlyKeys("browser", "cart-abandoner", "buyer");
    }

    @Test
    void shopperAccountsAreSizedFromTheLoadUnlessGiven() throws IOException {
        LoadSpec sized = GameDayParser.parse(write("demo", VALID)).load();
        assertThat(sized.shoppers()).isZero();
        assertThat(sized.accountsAtStart()).isEqualTo(ShopperPool.sizeFor(3, JourneyMix.defaults(),
                ThinkTime.defaults(), CheckoutPolicy.defaults())).isGreaterThan(10);

        LoadSpec given = GameDayParser.parse(write("demo", VALID.replace("  usersPerSecond: 3\n",
                "  usersPerSecond: 3\n  shoppers: 7\n"))).load();
        assertThat(given.accountsAtStart()).isEqualTo(7);

        Path zero = write("demo", VALID.replace("  usersPerSecond: 3\n", "  usersPerSecond: 3\n  shoppers: 0\n"));
        assertThatThrownBy(() -> GameDayParser.parse(zero)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(zero + ":5: load.shoppers: ").hasMessageContaining("must be at least 1");
    }

    @Test
    void injectorsDefaultToOneAndAreBounded() throws IOException {
        assertThat(GameDayParser.parse(write("demo", VALID)).load().injectors()).isEqualTo(1);
        assertThat(GameDayParser.parse(write("demo", VALID), Map.of("load.injectors", "3")).load().injectors()).isEqualTo(3);
        Path none = write("demo", VALID.replace("  usersPerSecond: 3\n", "  usersPerSecond: 3\n  injectors: 0\n"));
        assertThatThrownBy(() -> GameDayParser.parse(none)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(none + ":5: load.injectors: ").hasMessageContaining("must be 1..12, was 0");
        assertThat(GameDayParser.parse(write("demo", VALID)).load().abortOnInjectorLoss()).isFalse();
        assertThat(GameDayParser.parse(write("demo", VALID), Map.of("load.onInjectorLoss", "abort")).load()
                .abortOnInjectorLoss()).isTrue();
        assertThatThrownBy(() -> GameDayParser.parse(write("demo", VALID), Map.of("load.onInjectorLoss", "panic")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("load.onInjectorLoss")
                .hasMessageContaining("must be continue or abort, was 'panic'");
    }

    @Test
    void readsThinkTimesAndNamesTheLineOfABadOne() throws IOException {
        assertThat(GameDayParser.parse(write("demo", VALID)).load().thinkTime()).isEqualTo(ThinkTime.defaults());
        String withThinkTime = VALID.replace("  usersPerSecond: 3\n", """
                  usersPerSecond: 3
                  thinkTime:
                    distribution: lognormal
                    mean: 2s
                    spread: 800ms
                """);
        assertThat(GameDayParser.parse(write("demo", withThinkTime)).load().thinkTime())
                .isEqualTo(ThinkTime.fromMap(Map.of("mean", "2s", "spread", "800ms")));

        Path file = write("demo", withThinkTime.replace("spread: 800ms", "spread: wide"));
        assertThatThrownBy(() -> GameDayParser.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(file + ":8: load.thinkTime.spread: ")
                .hasMessageContaining("'wide' is not a duration");
    }

    @Test
    void aMissingFieldNamesFileLineAndField() throws IOException {
        Path file = write("demo", VALID.replace("  usersPerSecond: 3\n", "  shoppers: 3\n"));

        assertThatThrownBy(() -> GameDayParser.parse(file))
                .isInstanceOf(ConfigException.class)
                .hasMessage(file + ":4: load: missing required field 'usersPerSecond'");
    }

    @Test
    void anExperimentInAPhaseThatDoesNotExistIsRefused() throws IOException {
        Path file = write("demo", VALID.replace("template: ecs-stop-task", "template: ecs-stop-task\n  startAt: recovery"));

        assertThatThrownBy(() -> GameDayParser.parse(file))
                .hasMessageContaining(":12: experiment.startAt: startAt names phase 'recovery', which this game day does not have");
    }

    @Test
    void aGameDayCannotSetWhatTheTargetDecides() throws IOException {
        // With roleArn or account a game day could make FIS act as another role, in another account.
        for (String name : java.util.List.of("account", "roleArn", "region", "cluster", "service", "loadBalancer",
                "dbCluster", "fisRoleArn", "subnetTags")) {
            Path file = write("demo", VALID.replace("  template: ecs-stop-task\n",
                    "  template: ecs-stop-task\n  parameters:\n    zone: eu-west-1a\n    " + name + ": other\n"));
            assertThatThrownBy(() -> GameDayParser.parse(file))
                    .isInstanceOfSatisfying(ConfigException.class, e -> {
                        assertThat(e.file()).isEqualTo(file.toString());
                        assertThat(e.line()).isEqualTo(14);
                        assertThat(e.path()).isEqualTo("experiment.parameters." + name);
                        assertThat(e.reason()).startsWith("'" + name + "' is the target's own value");
                    });
        }
        // The zone is the game day's choice.
        assertThat(GameDayParser.parse(write("demo", VALID.replace("  template: ecs-stop-task\n",
                "  template: ecs-stop-task\n  parameters:\n    zone: eu-west-1a\n"))).experiment().orElseThrow().parameters())
                .containsEntry("zone", "eu-west-1a");
    }

    @Test
    void setCannotOverrideWhatTheTargetDecidesEither() throws IOException {
        Path file = write("demo", VALID);

        assertThatThrownBy(() -> GameDayParser.parse(file, Map.of("experiment.parameters.account", "999999999999")))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.file()).isEqualTo(file.toString());
                    assertThat(e.path()).isEqualTo("experiment.parameters.account");
                    assertThat(e.reason()).startsWith("--set experiment.parameters.account: 'account' is the target's own value");
                });
        assertThatThrownBy(() -> GameDayParser.parse(file, Map.of("experiment.parameters.roleArn",
                "arn:aws:iam::999999999999:role/admin")))
                .hasMessageContaining("--set experiment.parameters.roleArn: 'roleArn' is the target's own value");
    }

    @Test
    void theNameMustMatchTheFile() throws IOException {
        Path file = write("other", VALID);

        assertThatThrownBy(() -> GameDayParser.parse(file))
                .hasMessage(file + ":1: name: must match the file name 'other', was 'demo'");
    }

    @Test
    void unknownSectionsAreRefused() throws IOException {
        Path file = write("demo", VALID + "guardrail: {}\n");

        assertThatThrownBy(() -> GameDayParser.parse(file))
                .hasMessageContaining("guardrail: unknown field 'guardrail'");
    }

    @Test
    void readsAnAutoscalingPolicyAndNamesItsMistakes() throws IOException {
        String scaling = VALID.replace("load:", """
                platform:
                  zones: 2
                  autoscaling: { metric: ALBRequestCountPerTarget, targetValue: 50, maxCapacity: 6 }
                load:""");
        GameDayDefinition def = GameDayParser.parse(write("demo", scaling));

        assertThat(def.platform().autoscaling()).hasValueSatisfying(p -> {
            assertThat(p.targetValue()).isEqualTo(50);
            assertThat(p.maxCapacity()).isEqualTo(6);
            assertThat(p.period()).isEqualTo(Duration.ofSeconds(5));
        });
        Path bad = write("demo", scaling.replace("ALBRequestCountPerTarget", "RequestsPerSecond"));
        assertThatThrownBy(() -> GameDayParser.parse(bad))
                .hasMessageContaining(":5: platform.autoscaling.metric: unknown autoscaling metric 'RequestsPerSecond'");
        Path tooSmall = write("demo", scaling.replace("maxCapacity: 6", "minCapacity: 3, maxCapacity: 2"));
        assertThatThrownBy(() -> GameDayParser.parse(tooSmall))
                .hasMessageContaining(":5: platform.autoscaling: maxCapacity (2) must be at least minCapacity (3)");
    }

    @Test
    void everyShippedGameDayParses() {
        GameDayCatalogue catalogue = new GameDayCatalogue(Path.of("..", "gamedays"));

        assertThat(catalogue.names()).contains("smoke", "task-kill");
        for (String name : catalogue.names()) {
            assertThat(catalogue.load(name).name()).isEqualTo(name);
        }
    }
}
