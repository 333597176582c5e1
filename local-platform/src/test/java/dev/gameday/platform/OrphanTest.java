package dev.gameday.platform;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.gameday.core.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Nothing the platform starts outlives a harness killed with SIGKILL (no shutdown hook runs):
 * the task JVMs see their stdin close, the database's guard process sees its pipe close.
 * Also checks what a {@link LocalTarget} tells the harness about itself.
 */
class OrphanTest {

    @Test
    void noTaskOrDatabaseOutlivesAHarnessKilledWithSigkill(@TempDir Path work) throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process harness = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", OrphanProbe.class.getName(), work.resolve("platform").toString())
                .redirectError(work.resolve("harness.err").toFile())
                .start();
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(harness.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    lines.add(line);
                }
            } catch (Exception ignored) {
                // the harness was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        try {
            await().atMost(Duration.ofSeconds(90)).until(() -> line(lines, "PIDS ").isPresent() || !harness.isAlive());
            assertThat(line(lines, "PIDS ")).as("harness output %s, stderr in %s", lines, work.resolve("harness.err")).isPresent();

            Map<String, String> params = Json.mapper().readValue(line(lines, "PARAMS ").orElseThrow(),
                    new TypeReference<Map<String, String>>() { });
            assertThat(params).containsEntry("region", "local").containsEntry("account", "000000000000")
                    .containsEntry("cluster", "gameday-local").containsEntry("service", "shop")
                    .containsEntry("dbCluster", "gameday-db").containsEntry("zones", "local-1a");
            assertThat(params.get("loadBalancer")).matches("app/gameday-local/[0-9a-f]{16}");
            assertThat(params.get("targetGroup")).matches("targetgroup/shop/[0-9a-f]{16}");
            assertThat(line(lines, "STATUS ")).hasValue("healthy 1a:1 | tasks 1/1");

            String[] pids = line(lines, "PIDS ").orElseThrow().split(" ");
            long task = Long.parseLong(pids[0].substring("task=".length()));
            long postgres = Long.parseLong(pids[1].substring("postgres=".length()));
            assertThat(ProcessHandle.of(task)).isPresent();
            assertThat(ProcessHandle.of(postgres)).isPresent();

            harness.destroyForcibly(); // SIGKILL: no shutdown hook, no close()

            await().atMost(Duration.ofSeconds(30)).until(() -> !alive(task) && !alive(postgres));
            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(work.resolve("platform/db-primary")));
        } finally {
            harness.destroyForcibly();
        }
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static Optional<String> line(List<String> lines, String prefix) {
        return lines.stream().filter(l -> l.startsWith(prefix)).map(l -> l.substring(prefix.length())).findFirst();
    }
}
