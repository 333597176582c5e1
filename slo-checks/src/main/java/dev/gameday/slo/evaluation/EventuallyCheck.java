package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.period.Rescaled;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.Bound;
import dev.gameday.slo.spec.EventuallySlo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** Evaluates {@link EventuallySlo}: is there a run of {@code for} periods within the bound inside the window? */
final class EventuallyCheck implements SloCheck<EventuallySlo> {

    @Override
    public Class<EventuallySlo> kind() {
        return EventuallySlo.class;
    }

    @Override
    public List<MetricQuery> metrics(EventuallySlo slo) {
        return List.of(slo.sli().query(SECOND));
    }

    @Override
    public List<SeriesRequest> requests(EventuallySlo slo, Judging run) {
        Rescaled r = run.rule(slo.sli()).streaks(run.resolve(slo.window()), slo.period(), slo.streak());
        return List.of(new SeriesRequest(slo.sli().query(r.period()), r.window().start(), r.window().end()));
    }

    @Override
    public String objective(EventuallySlo slo) {
        return slo.bound().describe(slo.sli().unit()) + " for " + slo.streak() * slo.period().toSeconds()
                + " s within " + slo.window().label();
    }

    @Override
    public Verdict evaluate(EventuallySlo slo, Judging run) {
        TimeRange asked = run.resolve(slo.window());
        Rescaled r = run.rule(slo.sli()).streaks(asked, slo.period(), slo.streak());
        return Verdicts.coarsened(judge(slo, asked, r, run.source()), r);
    }

    private Verdict judge(EventuallySlo slo, TimeRange asked, Rescaled r, MetricsSource source) {
        TimeRange range = r.window();
        SeriesReader.Read read = SeriesReader.read(source, slo.sli().query(r.period()), range);
        String objective = objective(slo);
        List<EvidenceSeries> series = List.of(read.evidence("sli"));
        if (read.isEmpty()) {
            return Verdicts.noData(slo, objective, SeriesReader.missing(read, range), range, series);
        }
        Bound bound = slo.bound();
        String condition = slo.sli().shortLabel() + " " + bound.describe(slo.sli().unit()) + " for "
                + slo.streak() * slo.period().toSeconds() + " s";
        Instant at = Streaks.firstStreak(read.index(), bound, range.start(), r.streak(), r.period().toSeconds());
        if (at == null) {
            Instant breach = Streaks.firstBreach(read.index(), bound, range.start());
            return new Verdict(slo.name(), slo.kind(), slo.description(), objective, Double.NaN, "never",
                    Verdict.Status.FAIL, new Evidence(condition + " never happened within " + asked.describe(),
                    objective, range.start(), range.end(), breach, series));
        }
        // On coarser data the streak may start in the period holding the window's start, before it.
        long seconds = Math.max(0, Duration.between(asked.start(), at).toSeconds());
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, seconds,
                "after " + seconds + " s", Verdict.Status.PASS,
                new Evidence(condition + " from " + TimeRange.clock(at) + ", " + seconds + " s into "
                        + asked.describe(), objective, range.start(), range.end(), null, series));
    }
}
