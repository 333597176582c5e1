package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.slo.period.PeriodRule;
import dev.gameday.slo.period.Rescaled;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.spec.Bound;
import dev.gameday.slo.spec.ThresholdSlo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * Evaluates {@link ThresholdSlo}: over the window as one period (exact percentiles), or slice by
 * slice when the SLO has {@code per}.
 */
final class ThresholdCheck implements SloCheck<ThresholdSlo> {

    @Override
    public Class<ThresholdSlo> kind() {
        return ThresholdSlo.class;
    }

    /** The window and period judged: the window as one period, or its slices ({@link PeriodRule}). */
    private static Rescaled rescale(ThresholdSlo slo, Judging run) {
        TimeRange range = run.resolve(slo.window());
        PeriodRule rule = run.rule(slo.metric());
        return slo.perSlice() ? rule.slices(range, slo.per()) : rule.wholeWindow(range);
    }

    @Override
    public List<MetricQuery> metrics(ThresholdSlo slo) {
        return List.of(slo.metric().query(SECOND));
    }

    @Override
    public List<SeriesRequest> requests(ThresholdSlo slo, Judging run) {
        Rescaled r = rescale(slo, run);
        return List.of(new SeriesRequest(slo.metric().query(r.period()), r.window().start(), r.window().end()));
    }

    @Override
    public String objective(ThresholdSlo slo) {
        String bound = slo.bound().describe(slo.metric().unit());
        if (!slo.perSlice()) {
            return bound;
        }
        String slice = slo.per().toSeconds() + " s slices";
        return slo.allowedBadSlices() == 0 ? bound + " in every " + slo.per().toSeconds() + " s slice"
                : bound + " in ≥ " + RatioCheck.percent(1 - slo.allowedBadSlices()) + " of " + slice;
    }

    @Override
    public Verdict evaluate(ThresholdSlo slo, Judging run) {
        Rescaled r = rescale(slo, run);
        TimeRange range = r.window();
        SeriesReader.Read read = SeriesReader.read(run.source(), slo.metric().query(r.period()), range);
        String objective = objective(slo);
        List<EvidenceSeries> series = List.of(read.evidence("metric"));
        if (read.isEmpty()) {
            return Verdicts.coarsened(Verdicts.noData(slo, objective, SeriesReader.missing(read, range), range, series), r);
        }
        return Verdicts.coarsened(slo.perSlice() ? perSlice(slo, range, r.period(), read, objective, series)
                : whole(slo, range, read, objective, series), r);
    }

    private static Verdict whole(ThresholdSlo slo, TimeRange range, SeriesReader.Read read, String objective,
                                 List<EvidenceSeries> series) {
        double value = read.points().get(0).value();
        Bound bound = slo.bound();
        String unit = slo.metric().unit();
        boolean met = bound.isMet(value);
        String explanation = slo.metric().statistic() + " " + Bound.formatValue(value, unit) + " over "
                + range.describe() + " " + (met ? bound.direction().okSymbol() : bound.direction().breachSymbol())
                + " " + Bound.formatValue(bound.limit(), unit);
        Evidence evidence = new Evidence(explanation, objective, range.start(), range.end(),
                met ? null : range.start(), series);
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, value,
                Bound.formatValue(value, unit), met ? Verdict.Status.PASS : Verdict.Status.FAIL, evidence);
    }

    private static Verdict perSlice(ThresholdSlo slo, TimeRange range, Duration slice, SeriesReader.Read read,
                                    String objective, List<EvidenceSeries> series) {
        Bound bound = slo.bound();
        String unit = slo.metric().unit();
        long per = slice.toSeconds();
        long slices = (range.duration().toSeconds() + per - 1) / per;
        int withData = read.points().size();
        int bad = 0;
        Instant firstBreach = null;
        DataPoint worst = null;
        for (DataPoint p : read.points()) {
            if (!bound.isMet(p.value())) {
                bad++;
                if (firstBreach == null) {
                    firstBreach = p.timestamp();
                }
            }
            if (worst == null || isWorse(bound, p.value(), worst.value())) {
                worst = p;
            }
        }
        double badShare = (double) bad / withData;
        // A tiny tolerance so "10% of 20 slices" allows exactly 2, despite binary fractions.
        boolean met = badShare <= slo.allowedBadSlices() + 1e-9;
        String measuredText = bad + " of " + withData + " slices (" + String.format(Locale.ROOT, "%.1f%%", badShare * 100)
                + ") " + bound.direction().breachSymbol() + " " + Bound.formatValue(bound.limit(), unit);
        StringBuilder explanation = new StringBuilder()
                .append(slo.metric().statistic()).append(" per ").append(per).append(" s over ")
                .append(range.describe()).append(": ").append(measuredText);
        if (firstBreach != null) {
            explanation.append(", first at ").append(TimeRange.clock(firstBreach));
        }
        explanation.append(", worst ").append(Bound.formatValue(worst.value(), unit)).append(" at ")
                .append(TimeRange.clock(worst.timestamp()));
        if (withData < slices) {
            explanation.append(" (").append(slices - withData).append(" of ").append(slices)
                    .append(" slices had no data)");
        }
        explanation.append(met ? "; allowed " : "; more than the allowed ")
                .append(RatioCheck.percent(slo.allowedBadSlices()));
        Evidence evidence = new Evidence(explanation.toString(), objective, range.start(), range.end(), firstBreach,
                series);
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, badShare, measuredText,
                met ? Verdict.Status.PASS : Verdict.Status.FAIL, evidence);
    }

    private static boolean isWorse(Bound bound, double candidate, double current) {
        return bound.direction() == Bound.Direction.AT_MOST ? candidate > current : candidate < current;
    }
}
