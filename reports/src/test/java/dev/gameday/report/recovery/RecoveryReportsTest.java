package dev.gameday.report.recovery;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.core.json.Json;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.Reports;
import dev.gameday.report.summary.Summary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recovery anatomy in the reports of a real run whose {@code summary.json} was written before
 * the anatomy existed: rebuilding reads it, adds {@code recovery}, the Markdown section and
 * {@code recovery.png}, attaches the picture in the Allure results, and is repeatable byte for byte.
 */
class RecoveryReportsTest {

    @Test
    void rebuildingAnOlderRunAddsTheAnatomyToEveryReport(@TempDir Path dir) throws IOException {
        RunDirectory run = copy(RecoveryOfARealRunTest.RUN, dir.resolve("20261207-041016-az-outage"));
        assertThat(Files.readString(run.summaryJson())).doesNotContain("\"recovery\" :");

        Summary summary = Reports.rebuild(run);

        assertThat(summary.recovery()).hasSize(3);
        JsonNode json = Json.mapper().readTree(run.summaryJson().toFile());
        assertThat(json.get("schemaVersion").asInt()).isEqualTo(1);
        JsonNode first = json.get("recovery").get(0);
        assertThat(first.get("fault").get("action").asText()).isEqualTo("stopZoneTasks");
        assertThat(first.get("milestones")).hasSize(7);
        JsonNode detected = first.get("milestones").get(2);
        assertThat(detected.get("milestone").asText()).isEqualTo("detected");
        assertThat(detected.get("reached").asBoolean()).isTrue();
        assertThat(detected.get("offset").asText()).startsWith("PT0.");
        assertThat(detected.get("event").asInt()).isPositive();

        String md = Files.readString(run.summaryMarkdown());
        assertThat(md).contains("## Recovery", "![Recovery anatomy", "(recovery.png)", "### failoverDatabase",
                "| mitigated |", "events.jsonl:");
        BufferedImage png = ImageIO.read(run.root().resolve("recovery.png").toFile());
        assertThat(png.getWidth()).isEqualTo(RecoveryChart.WIDTH);
        try (Stream<Path> files = Files.list(run.allureResults())) {
            List<String> results = files.filter(f -> f.toString().endsWith("-result.json")).map(f -> read(f)).toList();
            assertThat(results).isNotEmpty().allMatch(r -> r.contains("\"recovery anatomy\""));
        }

        byte[] before = Files.readAllBytes(run.summaryJson());
        byte[] chart = Files.readAllBytes(run.root().resolve("recovery.png"));
        Reports.rebuild(run);
        assertThat(Files.readAllBytes(run.summaryJson())).isEqualTo(before);
        assertThat(Files.readAllBytes(run.root().resolve("recovery.png"))).isEqualTo(chart);
    }

    static RunDirectory copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return RunDirectory.open(to);
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
