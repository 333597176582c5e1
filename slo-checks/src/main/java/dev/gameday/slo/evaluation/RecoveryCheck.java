package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.period.Rescaled;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.Bound;
import dev.gameday.slo.spec.RecoverySlo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.TreeMap;

/**
 * Evaluates {@link RecoverySlo}: from the anchor, find the first period outside the bound (the
 * disruption showing), then the first run of {@code for} periods back inside it; the recovery
 * time is anchor → first period of that run.
 */
final class RecoveryCheck implements SloCheck<RecoverySlo> {

    @Override
    public Class<RecoverySlo> kind() {
        return RecoverySlo.class;
    }

    @Override
    public List<MetricQuery> metrics(RecoverySlo slo) {
        return List.of(slo.sli().query(SECOND));
    }

    @Override
    public List<SeriesRequest> requests(RecoverySlo slo, Judging run) {
        Rescaled r = run.rule(slo.sli()).streaks(run.afterAnchor(slo.anchor()), slo.period(), slo.streak());
        return List.of(new SeriesRequest(slo.sli().query(r.period()), r.window().start(), r.window().end()));
    }

    @Override
    public String objective(RecoverySlo slo) {
        return "≤ " + slo.objective().toSeconds() + " s";
    }

    /**
     * Read from the anchor to the run's end. On coarser data it is read from the period holding the
     * anchor; the recovery time still counts from the anchor, to the start of the first period of
     * the streak — an upper bound, since that whole period was within the bound.
     */
    @Override
    public Verdict evaluate(RecoverySlo slo, Judging run) {
        TimeRange range = run.afterAnchor(slo.anchor());
        Rescaled r = run.rule(slo.sli()).streaks(range, slo.period(), slo.streak());
        return Verdicts.coarsened(judge(slo, range.start(), r, run.source()), r);
    }

    private Verdict judge(RecoverySlo slo, Instant anchor, Rescaled r, MetricsSource source) {
        TimeRange range = r.window();
        SeriesReader.Read read = SeriesReader.read(source, slo.sli().query(r.period()), range);
        String objective = objective(slo);
        List<EvidenceSeries> series = List.of(read.evidence("sli"));
        if (read.isEmpty()) {
            return Verdicts.noData(slo, objective, SeriesReader.missing(read, range), range, series);
        }
        Bound bound = slo.bound();
        String unit = slo.sli().unit();
        String condition = slo.sli().shortLabel() + " " + bound.describe(unit);
        String streak = slo.streak() == 1 ? "" : " for " + slo.streak() * slo.period().toSeconds() + " s";
        String anchorText = slo.anchor().label() + " (" + TimeRange.clock(anchor) + ")";
        TreeMap<Instant, Double> values = read.index();
        Instant breach = Streaks.firstBreach(values, bound, range.start());
        if (breach == null) {
            String explanation = condition + " held throughout after " + anchorText
                    + ": nothing to recover from, recovery time 0 s ≤ " + slo.objective().toSeconds() + " s";
            return new Verdict(slo.name(), slo.kind(), slo.description(), objective, 0, "0 s (never left the bound)",
                    Verdict.Status.PASS, new Evidence(explanation, objective, range.start(), range.end(), null, series));
        }
        Instant back = Streaks.firstStreak(values, bound, breach, r.streak(), r.period().toSeconds());
        Instant lastData = values.lastKey().plus(r.period());
        if (back == null) {
            long seen = Duration.between(anchor, lastData).toSeconds();
            String explanation = condition + " was breached at " + TimeRange.clock(breach) + " and not restored"
                    + streak + " by the end of data at " + TimeRange.clock(lastData) + ", " + seen + " s after "
                    + anchorText + " (objective " + objective + ")";
            return new Verdict(slo.name(), slo.kind(), slo.description(), objective, Double.NaN,
                    "not recovered within " + seen + " s", Verdict.Status.FAIL,
                    new Evidence(explanation, objective, range.start(), range.end(), breach, series));
        }
        // A streak always starts a period after the breach, which is at or after the anchor's period: never negative.
        long seconds = Math.max(0, Duration.between(anchor, back).toSeconds());
        boolean met = seconds <= slo.objective().toSeconds();
        String explanation = condition + streak + " from " + TimeRange.clock(back) + ", " + seconds + " s after "
                + anchorText + " (breached from " + TimeRange.clock(breach) + ") " + (met ? "≤ " : "> ")
                + slo.objective().toSeconds() + " s";
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, seconds, seconds + " s",
                met ? Verdict.Status.PASS : Verdict.Status.FAIL,
                new Evidence(explanation, objective, range.start(), range.end(), breach, series));
    }
}
