package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.RunDirectory;

import java.util.ArrayList;
import java.util.List;

/**
 * The series an evaluation needs, fetched once from the live sources and split the way the run
 * directory keeps them: client-side ({@code Gameday/Client}) into {@code metrics/client.json},
 * everything else into {@code metrics/server.json}.
 *
 * @param server the server-side series
 * @param client the client-side series
 */
public record RecordedSeries(List<TimeSeries> server, List<TimeSeries> client) {

    public RecordedSeries {
        server = List.copyOf(server);
        client = List.copyOf(client);
    }

    /** Fetches every request from the source it belongs to. */
    public static RecordedSeries fetch(List<SeriesRequest> requests, MetricsSource server, MetricsSource client) {
        List<TimeSeries> s = new ArrayList<>();
        List<TimeSeries> c = new ArrayList<>();
        for (SeriesRequest r : requests) {
            if (r.isClientSide()) {
                c.add(r.fetchFrom(client));
            } else {
                s.add(r.fetchFrom(server));
            }
        }
        return new RecordedSeries(s, c);
    }

    /**
     * Writes both files of the run directory (replacing them). A caller that records more series
     * (for the timeline chart) should concatenate them with these and write once.
     */
    public void write(RunDirectory run) {
        RecordedMetrics.write(run.serverMetrics(), server);
        RecordedMetrics.write(run.clientMetrics(), client);
    }

    /** Both files of a run directory as one source, the input of {@link SloEvaluator#evaluate}. */
    public static RecordedMetrics read(RunDirectory run) {
        List<TimeSeries> all = new ArrayList<>(RecordedMetrics.read(run.serverMetrics()).series());
        all.addAll(RecordedMetrics.read(run.clientMetrics()).series());
        return new RecordedMetrics(all);
    }
}
