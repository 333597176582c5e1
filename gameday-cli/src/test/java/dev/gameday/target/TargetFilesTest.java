package dev.gameday.target;

import dev.gameday.core.config.ConfigException;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.PlatformConfig;
import dev.gameday.platform.database.DatabaseEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TargetFilesTest {

    private static final Path TARGETS = Path.of("..", "targets");

    @Test
    void theShippedLocalFileSaysWhatTheDefaultsAre() {
        PlatformConfig fromFile = TargetFiles.local(TARGETS.resolve("local.yaml").toString())
                .applyTo(LocalPlatform.builder()).config();

        assertThat(TargetFiles.kindOf(TARGETS.resolve("local.yaml").toString())).isEqualTo("local");
        assertThat(fromFile).isEqualTo(LocalPlatform.builder().config());
    }

    @Test
    void awsTimingsAreAwsDefaults() {
        PlatformConfig aws = TargetFiles.local(TARGETS.resolve("local-aws-timings.yaml").toString())
                .applyTo(LocalPlatform.builder()).config();

        assertThat(aws.healthCheck().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(aws.deregistrationDelay()).isEqualTo(Duration.ofSeconds(300));
        assertThat(aws.stopTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(aws.database()).isEqualTo(DatabaseEngine.aws(DatabaseEngine.Kind.RDS_MULTI_AZ_INSTANCE));
    }

    @Test
    void aDatabaseEngineNamedAloneRunsOnItsScaledTimings(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("cluster.yaml");
        Files.writeString(file, "kind: local\ndatabase:\n  engine: aurora-postgresql\n  failoverTime: 4s\n");

        PlatformConfig config = TargetFiles.local(file.toString()).applyTo(LocalPlatform.builder()).config();

        assertThat(config.database()).isEqualTo(DatabaseEngine.scaled(DatabaseEngine.Kind.AURORA_POSTGRESQL)
                .withFailoverTime(Duration.ofSeconds(4)));
    }

    @Test
    void auroraTakesItsReplicaCountAndOtherEnginesKeepTheirOwn(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("aurora.yaml");
        Files.writeString(file, "kind: local\ndatabase:\n  engine: aurora-postgresql\n  replicas: 1\n");
        PlatformConfig config = TargetFiles.local(file.toString()).applyTo(LocalPlatform.builder()).config();
        assertThat(config.database().replicas()).isEqualTo(1);
        assertThat(DatabaseEngine.scaled(DatabaseEngine.Kind.AURORA_POSTGRESQL).replicas())
                .isEqualTo(DatabaseEngine.AURORA_DEFAULT_REPLICAS);
        assertThat(DatabaseEngine.scaled(DatabaseEngine.Kind.RDS_MULTI_AZ_CLUSTER).replicas()).isEqualTo(2);

        Files.writeString(file, "kind: local\ndatabase:\n  engine: rds-multi-az-cluster\n  replicas: 1\n");
        assertThatThrownBy(() -> TargetFiles.local(file.toString()))
                .hasMessageStartingWith(file + ":4: database.replicas: ")
                .hasMessageContaining("rds-multi-az-cluster has 2 standbys, not 1");
        Files.writeString(file, "kind: local\ndatabase:\n  engine: aurora-postgresql\n  replicas: many\n");
        assertThatThrownBy(() -> TargetFiles.local(file.toString())).hasMessageStartingWith(file + ":4: database.replicas: ");
    }

    @Test
    void anUnknownEngineOrTheOldFailoverDelayIsRefusedWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "kind: local\ndatabase:\n  engine: oracle-rac\n");
        assertThatThrownBy(() -> TargetFiles.local(file.toString()))
                .hasMessageStartingWith(file + ":3: database.engine: ")
                .hasMessageContaining("unknown database engine 'oracle-rac'; known: rds-multi-az-instance");

        Files.writeString(file, "kind: local\nfailoverDelay: 2s\n");
        assertThatThrownBy(() -> TargetFiles.local(file.toString()))
                .hasMessageStartingWith(file + ":2: failoverDelay: ")
                .hasMessageContaining("database: {engine: rds-multi-az-instance, failoverTime: 2s}");
    }

    @Test
    void theAwsExampleIsOfKindAws() {
        assertThat(TargetFiles.kindOf(TARGETS.resolve("aws-example.yaml").toString())).isEqualTo("aws");
    }

    @Test
    void badValuesNameTheirField(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, "kind: local\nhealthCheck:\n  interval: 1s\n  timeout: 5s\n");

        assertThatThrownBy(() -> TargetFiles.local(file.toString()))
                .hasMessageStartingWith(file + ":3: healthCheck: ");
        Files.writeString(file, "kind: gcp\n");
        assertThatThrownBy(() -> TargetFiles.kindOf(file.toString()))
                .hasMessage(file + ":1: kind: must be local or aws, was 'gcp'");
    }

    @Test
    void everyBadKeyIsNamedAtOnceWithItsLine(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                kind: local
                zones: 3
                stopTimeout: soon
                drainTimeout: PT-1S
                failoverDelay: PT-2S
                deployment:
                  maximumPercent: 50
                """);

        assertThatThrownBy(() -> TargetFiles.local(file.toString())).isInstanceOfSatisfying(ConfigException.class, e -> {
            assertThat(e.problems()).extracting(ConfigException::getMessage).containsExactlyInAnyOrder(
                    file + ":2: zones: unknown field 'zones'; expected one of alarms, database, deployment, "
                            + "deregistrationDelay, description, drainTimeout, healthCheck, kind, stopTimeout",
                    file + ":3: stopTimeout: must be a duration such as 30s, 2m or PT1M30S, was 'soon'",
                    file + ":7: deployment: maximumPercent must be at least 100, was 50",
                    file + ":4: drainTimeout: must not be negative, was PT-1S",
                    file + ":5: failoverDelay: 'failoverDelay' is now the database engine's failover time: write "
                            + "'database: {engine: rds-multi-az-instance, failoverTime: PT-2S}'");
            assertThat(e).hasMessageStartingWith(file + ": 5 problems:\n  " + file + ":2: zones: ");
        });
    }
}
