package dev.gameday.platform.task;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.gameday.platform.zone.Zone;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A task is a real child process that sees only the allowed part of the harness's environment
 * plus what it is given: the AWS credentials the harness runs with never reach it. This module's
 * surefire configuration sets {@code AWS_SECRET_ACCESS_KEY} in the test JVM's environment.
 */
class TaskEnvironmentTest {

    @Test
    void a_task_sees_what_a_jvm_needs_and_what_it_is_given_but_not_the_harnesss_credentials(@TempDir Path logs)
            throws Exception {
        String secret = System.getenv("AWS_SECRET_ACCESS_KEY");
        assertThat(secret).as("the harness's environment carries a credential (set by surefire for this test)").isNotBlank();

        TaskDefinition definition = new TaskDefinition(EnvironmentProbe.class.getName(), TaskDefinition.SMALL_JVM,
                Map.of("SHOP_SEED_PRODUCTS", "10"), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(60), logs);
        Task task = Task.launch("env-1", new Zone("local-1a"), definition, Map.of("SHOP_TASK_ID", "env-1"));
        try {
            assertThat(task.ready().get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(1);
            await().atMost(ofSeconds(30)).until(() -> Files.readString(task.logFile()).contains("READY"));
            List<String> seen = Files.readAllLines(task.logFile()).stream()
                    .filter(l -> l.startsWith("ENV ")).map(l -> l.substring(4)).toList();

            assertThat(seen).anyMatch(v -> v.startsWith("PATH="))
                    .contains("SHOP_SEED_PRODUCTS=10", "SHOP_TASK_ID=env-1")
                    .noneMatch(v -> v.startsWith("AWS_"))
                    .noneMatch(v -> v.contains(secret));
            assertThat(seen).allMatch(v -> {
                String name = v.substring(0, v.indexOf('='));
                return name.startsWith("SHOP_") || name.startsWith("LC_") || InheritedEnvironment.ALLOWED.contains(name);
            });
        } finally {
            task.terminate(Duration.ofSeconds(5));
        }
    }
}
