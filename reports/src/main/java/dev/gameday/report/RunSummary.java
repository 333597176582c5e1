package dev.gameday.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.core.json.Json;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.summary.Summary;
import dev.gameday.slo.audit.OrderEvidence;
import dev.gameday.slo.evaluation.SeriesRequest;
import dev.gameday.slo.evaluation.Verdict;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds a run's {@code summary.json} from its run directory — the one place it is assembled, for
 * {@code gameday run} at its end, {@code gameday judge} and {@code gameday report}, so the three
 * give the same summary from the same files. What the run's files hold is read from them here:
 * the client totals ({@code metrics/client.json}), the order audit ({@code orders.jsonl} and
 * {@code audit/orders.json}, {@link OrderEvidence}) and, in {@link Reports#writeAll}, the recovery
 * anatomy ({@code events.jsonl} and the recorded series). The verdicts are the evaluator's, judged
 * from the same directory. What no data file holds — names, target, times, phases, experiments,
 * paid API calls, abort reason: the run's record — comes from the run as it ends, and afterwards
 * from the {@code summary.json} it wrote.
 */
public final class RunSummary {

    private RunSummary() {
    }

    /**
     * {@code record} with the evidence the run directory holds read from it: the client totals over
     * the run (first phase to end) and the order audit. Where the directory lacks them (a run that
     * never reached its traffic, or a summary copied without its data) the record's values stand.
     */
    public static Summary of(RunDirectory run, Summary record) {
        Summary.Orders orders = OrderEvidence.read(run).result()
                .map(r -> new Summary.Orders(r.acknowledged(), r.lost(), r.duplicated(), r.unexpected(),
                        r.recovered(), r.mismatched()))
                .orElse(record.orders());
        Summary.Load load = load(run, record).orElse(record.load());
        return new Summary(record.schemaVersion(), record.gameday(), record.description(), record.target(),
                record.runId(), record.startedAt(), record.endedAt(), record.verdict(), record.abortReason(),
                record.phases(), record.slos(), record.experiments(), load, orders, record.apiCalls(),
                record.recovery(), record.timings());
    }

    /**
     * Builds the summary ({@link #of}) and writes it with every report ({@link Reports#writeAll}).
     *
     * @param record   the run's record with its SLO results from {@code verdicts}
     * @param verdicts the verdicts judged from the run directory
     * @return the summary as written
     */
    public static Summary write(RunDirectory run, Summary record, List<Verdict> verdicts) {
        return write(run, record, verdicts, ReportTimer.NONE);
    }

    /** {@link #write(RunDirectory, Summary, List)}, telling {@code timer} how long each report took. */
    public static Summary write(RunDirectory run, Summary record, List<Verdict> verdicts, ReportTimer timer) {
        return Reports.writeAll(run, of(run, record), verdicts, timer);
    }

    /** The client totals from {@code metrics/client.json}, or empty when the run recorded none. */
    private static Optional<Summary.Load> load(RunDirectory run, Summary record) {
        if (record.phases().isEmpty()) {
            return Optional.empty();
        }
        // As the traffic was measured: whole seconds from the first phase to the end of the run.
        Instant start = record.phases().get(0).start().truncatedTo(ChronoUnit.SECONDS);
        Instant end = record.endedAt().truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
        RecordedMetrics client = RecordedMetrics.read(run.clientMetrics());
        try {
            return Optional.of(new Summary.Load(total(client, "RequestCount", start, end),
                    total(client, "OkCount", start, end), total(client, "KoCount", start, end), injectors(run)));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // the run did not record its client totals
        }
    }

    /** The load per injector, when several sent the traffic; none when one did, inside the harness. */
    private static List<Summary.Injector> injectors(RunDirectory run) {
        if (!Files.isRegularFile(run.injectorLoads())) {
            return List.of();
        }
        try {
            ObjectMapper json = Json.mapper();
            JsonNode all = json.readTree(run.injectorLoads().toFile()).path("injectors");
            return json.convertValue(all, json.getTypeFactory().constructCollectionType(List.class, Summary.Injector.class));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalArgumentException(run.injectorLoads() + ": not an injectors file: " + e.getMessage(), e);
        }
    }

    private static long total(RecordedMetrics client, String metric, Instant start, Instant end) {
        MetricQuery query = new MetricQuery(SeriesRequest.CLIENT_NAMESPACE, metric, Map.of(), Statistic.SUM,
                Duration.ofSeconds(1));
        return Math.round(client.fetch(query, start, end).sum());
    }
}
