package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.slo.budget.BurnRate;
import dev.gameday.slo.period.PeriodRule;
import dev.gameday.slo.period.Rescaled;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.BurnRateSlo;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/** Evaluates {@link BurnRateSlo}: the counters summed over the window, as for a ratio, turned into a burn rate. */
final class BurnRateCheck implements SloCheck<BurnRateSlo> {

    @Override
    public Class<BurnRateSlo> kind() {
        return BurnRateSlo.class;
    }

    @Override
    public List<MetricQuery> metrics(BurnRateSlo slo) {
        return List.of(slo.counted().query(SECOND), slo.valid().query(SECOND));
    }

    @Override
    public List<SeriesRequest> requests(BurnRateSlo slo, Judging run) {
        Rescaled r = rule(slo, run).wholeWindow(run.resolve(slo.window()));
        TimeRange range = r.window();
        return List.of(
                new SeriesRequest(slo.counted().query(r.period()), range.start(), range.end()),
                new SeriesRequest(slo.valid().query(r.period()), range.start(), range.end()));
    }

    @Override
    public String objective(BurnRateSlo slo) {
        return "burn ≤ " + rate(slo.maxBurnRate()) + " of a " + RatioCheck.percent(slo.objective()) + " budget";
    }

    @Override
    public Verdict evaluate(BurnRateSlo slo, Judging run) {
        Rescaled r = rule(slo, run).wholeWindow(run.resolve(slo.window()));
        return Verdicts.coarsened(judge(slo, r.window(), run.source(), r.period()), r);
    }

    /** The coarser of the two counters' rules, so both are read over the same periods. */
    private static PeriodRule rule(BurnRateSlo slo, Judging run) {
        return run.rule(slo.counted(), slo.valid());
    }

    private Verdict judge(BurnRateSlo slo, TimeRange range, MetricsSource source, Duration period) {
        SeriesReader.Read counted = SeriesReader.read(source, slo.counted().query(period), range);
        SeriesReader.Read valid = SeriesReader.read(source, slo.valid().query(period), range);
        List<EvidenceSeries> series = List.of(counted.evidence(slo.countsBad() ? "bad" : "good"),
                valid.evidence("valid"));
        String objective = objective(slo);
        double total = valid.isEmpty() ? 0 : valid.points().get(0).value();
        if (!counted.recorded() || valid.isEmpty() || total <= 0) {
            String why = !counted.recorded() ? SeriesReader.missing(counted, range)
                    : valid.isEmpty() ? SeriesReader.missing(valid, range)
                    : "no valid events (" + slo.valid().metricName() + " = 0) over " + range.describe();
            return Verdicts.noData(slo, objective, why, range, series);
        }
        // As for ratios, an absent good/bad counter counted nothing.
        double count = counted.isEmpty() ? 0 : counted.points().get(0).value();
        double errors = slo.countsBad() ? count : total - count;
        double errorRate = errors / total;
        double burn = BurnRate.burnRate(errorRate, slo.objective());
        boolean met = burn <= slo.maxBurnRate() + 1e-9;
        String measuredText = rate(burn) + " (" + RatioCheck.percent(errorRate) + " errors against a "
                + RatioCheck.percent(BurnRate.errorBudget(slo.objective())) + " budget)";
        String explanation = "burn rate " + rate(burn) + " over " + range.describe() + " ("
                + whole(errors) + " errors of " + whole(total) + ") " + (met ? "≤ " : "> ") + rate(slo.maxBurnRate());
        Evidence evidence = new Evidence(explanation, objective, range.start(), range.end(),
                met ? null : range.start(), series);
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, burn, measuredText,
                met ? Verdict.Status.PASS : Verdict.Status.FAIL, evidence);
    }

    private static String rate(double burn) {
        return String.format(Locale.ROOT, "%.2f×", burn);
    }

    private static String whole(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.3f", value);
    }
}
