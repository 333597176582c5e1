package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.period.PeriodRule;
import dev.gameday.slo.period.Rescaled;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.RatioSlo;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Evaluates {@link RatioSlo}: both counters summed over the window as one period. */
final class RatioCheck implements SloCheck<RatioSlo> {

    @Override
    public Class<RatioSlo> kind() {
        return RatioSlo.class;
    }

    @Override
    public List<MetricQuery> metrics(RatioSlo slo) {
        return List.of(slo.counted().query(SECOND), slo.valid().query(SECOND));
    }

    @Override
    public List<SeriesRequest> requests(RatioSlo slo, Judging run) {
        Rescaled r = rule(slo, run).wholeWindow(run.resolve(slo.window()));
        TimeRange range = r.window();
        return List.of(
                new SeriesRequest(slo.counted().query(r.period()), range.start(), range.end()),
                new SeriesRequest(slo.valid().query(r.period()), range.start(), range.end()));
    }

    @Override
    public String objective(RatioSlo slo) {
        return "≥ " + percent(slo.objective());
    }

    @Override
    public Verdict evaluate(RatioSlo slo, Judging run) {
        Rescaled r = rule(slo, run).wholeWindow(run.resolve(slo.window()));
        return Verdicts.coarsened(judge(slo, r.window(), run.source(), r.period()), r);
    }

    /** The coarser of the two counters' rules, so both are read over the same periods. */
    private static PeriodRule rule(RatioSlo slo, Judging run) {
        return run.rule(slo.counted(), slo.valid());
    }

    private Verdict judge(RatioSlo slo, TimeRange range, MetricsSource source, Duration period) {
        SeriesReader.Read counted = SeriesReader.read(source, slo.counted().query(period), range);
        SeriesReader.Read valid = SeriesReader.read(source, slo.valid().query(period), range);
        String role = slo.countsBad() ? "bad" : "good";
        List<EvidenceSeries> series = List.of(counted.evidence(role), valid.evidence("valid"));
        String objective = objective(slo);
        double total = valid.isEmpty() ? 0 : valid.points().get(0).value();
        if (!counted.recorded() || valid.isEmpty() || total <= 0) {
            String why = !counted.recorded() ? SeriesReader.missing(counted, range)
                    : valid.isEmpty() ? SeriesReader.missing(valid, range)
                    : "no valid events (" + slo.valid().metricName() + " = 0) over " + range.describe();
            return Verdicts.noData(slo, objective, why, range, series);
        }
        // A counter with no data in a period has counted nothing: CloudWatch does not publish
        // HTTPCode_ELB_5XX_Count while there are no 5XXs, so an absent series is zero, not unknown.
        double count = counted.isEmpty() ? 0 : counted.points().get(0).value();
        double ratio = slo.countsBad() ? 1 - count / total : count / total;
        // Counts are whole numbers, so a ratio equal to the objective can differ from it only by
        // binary rounding; it meets the objective.
        boolean met = ratio >= slo.objective() - 1e-12;
        String measuredText = percent(ratio) + " (" + whole(count) + " of " + whole(total) + " " + role + ")";
        String explanation = percent(ratio) + (slo.countsBad() ? " not bad (" : " good (") + whole(count) + " "
                + slo.counted().metricName() + " of " + whole(total) + " " + slo.valid().metricName() + ") over "
                + range.describe() + (met ? " ≥ " : " < ") + percent(slo.objective());
        Evidence evidence = new Evidence(explanation, objective, range.start(), range.end(),
                met ? null : range.start(), series);
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, ratio, measuredText,
                met ? Verdict.Status.PASS : Verdict.Status.FAIL, evidence);
    }

    static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.2f%%", fraction * 100);
    }

    private static String whole(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
