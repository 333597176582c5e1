package dev.gameday.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code gameday up}: the platform alone, its shop reachable on the printed URL, gone after Ctrl-C. */
class UpCommandIT {

    private static final Pattern SHOP = Pattern.compile("^shop: (http://127\\.0\\.0\\.1:\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path out;

    @Test
    void upPrintsTheShopAndTearsDownOnCtrlC() throws Exception {
        Path console = out.resolve("console.log");
        Process process = Launcher.start(console, "up", "--zones", "1");

        String shop = await("the shop's URL").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250))
                .until(() -> shopUrl(console), Optional::isPresent).orElseThrow();
        assertThat(Files.readString(console)).contains("ready — Ctrl-C to stop");
        HttpResponse<String> health = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(shop + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).isEqualTo(200);
        List<ProcessHandle> children = process.descendants().toList();
        assertThat(children).isNotEmpty();

        new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).inheritIO().start().waitFor();

        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as(Files.readString(console)).isTrue();
        await("every child process to be gone").atMost(Duration.ofSeconds(30))
                .until(() -> children.stream().noneMatch(ProcessHandle::isAlive));
        assertThat(Files.readString(console)).contains("tearing the local platform down");
    }

    private static Optional<String> shopUrl(Path console) throws java.io.IOException {
        Matcher m = SHOP.matcher(Files.readString(console));
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
