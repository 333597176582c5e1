package dev.gameday.report.timeline;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.markdown.MarkdownSummary;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The timeline of a real run sent by three injectors ({@code ./gameday run smoke --set
 * load.injectors=3} on the local platform; kept without its Gatling, Allure and platform folders):
 * the client load panel shows each injector's requests per second, labelled with its zone, and the
 * three lines add up, second by second, to the run's merged total.
 */
class InjectorsTimelineTest {

    private static final Path RUN = Path.of("src/test/resources/runs/20261207-154801-smoke");

    @Test
    void theLoadPanelHasOneLinePerInjectorAndZoneThatAddUpToTheMergedTotal() {
        RunDirectory run = RunDirectory.open(RUN);

        Chart chart = RunTimeline.of(run, SummaryJson.read(run.summaryJson()));

        Panel load = chart.panels().get(0);
        assertThat(load.lines()).extracting(Line::label)
                .containsExactly("requests/s", "error rate %", "inj-1 · local-1a", "inj-2 · local-1b", "inj-3 · local-1a");
        List<Line> injectors = load.lines().subList(2, 5);
        assertThat(injectors).allSatisfy(line -> {
            assertThat(line.right()).as("%s is read against req/s", line.label()).isFalse();
            assertThat(line.style()).isEqualTo(Line.Style.LINE);
        });
        // Each line is its injector's whole share, as injectors.json counts it.
        assertThat(injectors).extracting(line -> Math.round(line.points().stream().mapToDouble(DataPoint::value).sum()))
                .containsExactly(552L, 484L, 476L);
        // The merge is exact: every second of the total is the sum of the injectors' seconds.
        TreeMap<Instant, Double> sum = new TreeMap<>();
        injectors.forEach(line -> line.points().forEach(p -> sum.merge(p.timestamp(), p.value(), Double::sum)));
        Map<Instant, Double> total = new TreeMap<>();
        load.lines().get(0).points().forEach(p -> total.put(p.timestamp(), p.value()));
        sum.forEach((second, requests) -> assertThat(total.getOrDefault(second, 0.0)).as("requests at %s", second)
                .isEqualTo(requests));
        total.forEach((second, requests) -> assertThat(sum.getOrDefault(second, 0.0)).as("requests at %s", second)
                .isEqualTo(requests));
    }

    @Test
    void moreInjectorsThanColoursAreDrawnOneLinePerZone() {
        RunDirectory run = RunDirectory.open(RUN);
        List<TimeSeries> series = new ArrayList<>(RecordedMetrics.read(run.serverMetrics()).series());
        series.addAll(RecordedMetrics.read(run.clientMetrics()).series());
        // Seven injectors: the run's three real ones, their files read again under further ids.
        List<RunTimeline.InjectorSeries> seven = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            int real = (i - 1) % 3 + 1;
            seven.add(new RunTimeline.InjectorSeries("inj-" + i, real == 2 ? "local-1b" : "local-1a",
                    RecordedMetrics.read(run.injectors().resolve("inj-" + real).resolve("client.json")).series()));
        }

        Chart chart = RunTimeline.of(run.id(), SummaryJson.read(run.summaryJson()), series, EventLog.read(run.events()),
                seven);

        Panel load = chart.panels().get(0);
        assertThat(load.lines()).extracting(Line::label)
                .containsExactly("requests/s", "error rate %", "local-1a · 5 injectors", "local-1b · 2 injectors");
        // local-1b: inj-2 and inj-5, both inj-2's file: twice its 484 requests.
        assertThat(Math.round(load.lines().get(3).points().stream().mapToDouble(DataPoint::value).sum())).isEqualTo(968);
    }

    @Test
    void theSummarysTimelineSaysItShowsEachInjector() {
        Summary summary = SummaryJson.read(RUN.resolve("summary.json"));

        assertThat(MarkdownSummary.render(summary, true))
                .contains("![Timeline of the run: load and errors (and each injector's requests/s, by zone), p99 latency");
    }
}
