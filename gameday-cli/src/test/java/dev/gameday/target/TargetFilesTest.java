package dev.gameday.target;

import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.PlatformConfig;
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
}
