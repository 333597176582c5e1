package dev.gameday.slo.evaluation;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.alarm.AlarmState;
import dev.gameday.core.alarm.AlarmTimeline;
import dev.gameday.core.alarm.AlarmTransition;
import dev.gameday.core.alarm.LocalAlarm;
import dev.gameday.slo.period.PeriodRule;
import dev.gameday.slo.phase.TimeRange;
import dev.gameday.slo.phase.UnresolvedWindowException;
import dev.gameday.slo.spec.AlarmSlo;
import dev.gameday.slo.spec.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Evaluates {@link AlarmSlo}: the alarm is replayed over the whole run (it needs the periods
 * before the fault to have a state to leave), then its first entry into ALARM after the detect
 * anchor and its return to OK after the clear anchor are checked against their deadlines. Only a
 * metric the run never recorded is {@code NO_DATA}; periods without points are the alarm's
 * missing data, treated as its {@code treatMissingData} says.
 */
final class AlarmCheck implements SloCheck<AlarmSlo> {

    @Override
    public Class<AlarmSlo> kind() {
        return AlarmSlo.class;
    }

    @Override
    public List<MetricQuery> metrics(AlarmSlo slo) {
        return List.of(slo.alarm().metric().withPeriod(SECOND));
    }

    /**
     * The alarm is not rescaled: its period is part of what is tested. On coarser data the run is
     * read on the source's grid; an alarm whose period is finer than the data asks for nothing.
     */
    @Override
    public List<SeriesRequest> requests(AlarmSlo slo, Judging run) {
        PeriodRule rule = run.resolution().rule(slo.alarm().metric());
        if (tooFine(slo, rule)) {
            return List.of();
        }
        TimeRange range = rule.cover(run.resolve(new Window.Run()));
        return List.of(new SeriesRequest(slo.alarm().metric(), range.start(), range.end()));
    }

    private static boolean tooFine(AlarmSlo slo, PeriodRule rule) {
        return slo.alarm().metric().period().compareTo(rule.finest()) < 0
                || slo.alarm().metric().period().toSeconds() % rule.finest().toSeconds() != 0;
    }

    @Override
    public String objective(AlarmSlo slo) {
        return "ALARM ≤ " + slo.detectWithin().toSeconds() + " s after " + slo.detectAfter().label() + ", OK "
                + (slo.clearWithin() == null ? "by run end" : "≤ " + slo.clearWithin().toSeconds() + " s")
                + " after " + slo.clearAfter().label();
    }

    @Override
    public Verdict evaluate(AlarmSlo slo, Judging run) {
        PeriodRule rule = run.resolution().rule(slo.alarm().metric());
        String objective = objective(slo);
        TimeRange range;
        Instant detectAt;
        Instant clearAt;
        try {
            range = run.resolve(new Window.Run());
            detectAt = run.resolve(slo.detectAfter());
            clearAt = run.resolve(slo.clearAfter());
        } catch (UnresolvedWindowException e) {
            return Verdicts.noData(slo, objective, e.getMessage(), null, List.of());
        }
        if (tooFine(slo, rule)) {
            // CloudWatch refuses such an alarm on such a metric (PutMetricAlarm): nothing real to replay.
            return Verdicts.noData(slo, objective, "the alarm's period of " + slo.alarm().metric().period().toSeconds()
                    + " s is not a multiple of the " + rule.finest().toSeconds() + " s data the source keeps for "
                    + slo.alarm().metric().namespace() + " " + slo.alarm().metric().metricName()
                    + "; write the alarm with a period of " + rule.finest().toSeconds() + " s or a multiple", range, List.of());
        }
        range = rule.cover(range);
        SeriesReader.Read read = SeriesReader.read(run.source(), slo.alarm().metric(), range);
        List<EvidenceSeries> series = List.of(read.evidence("metric"));
        if (!read.recorded()) {
            return Verdicts.noData(slo, objective, SeriesReader.missing(read, range), range, series);
        }
        // A recorded series without points is data for an alarm: CloudWatch publishes no 5XX count
        // while there are none, and TreatMissingData says what the alarm makes of that.
        AlarmTimeline timeline = LocalAlarm.evaluate(slo.alarm(),
                new TimeSeries(slo.alarm().metric(), range.start(), range.end(), read.points()));
        String states = "states " + timeline.describe();
        String alarm = "alarm " + slo.alarm().describe();
        String detectText = slo.detectAfter().label() + " (" + TimeRange.clock(detectAt) + ")";

        Optional<AlarmTransition> entered = timeline.firstEntry(AlarmState.ALARM, detectAt);
        if (entered.isEmpty()) {
            String why = timeline.stateAt(detectAt) == AlarmState.ALARM
                    ? " (it was already in ALARM at the anchor, so its firing proves nothing about this fault)" : "";
            return verdict(slo, objective, Double.NaN, "not detected", false, alarm + " never entered ALARM after "
                    + detectText + why + "; " + states, range, null, series);
        }
        long detected = Duration.between(detectAt, entered.get().at()).toSeconds();
        boolean detectedInTime = detected <= slo.detectWithin().toSeconds();
        String detection = "ALARM at " + TimeRange.clock(entered.get().at()) + ", " + detected + " s after " + detectText;

        Instant clearFrom = entered.get().at().isAfter(clearAt) ? entered.get().at() : clearAt;
        Optional<Instant> ok = timeline.stateAt(clearFrom) == AlarmState.OK
                ? Optional.of(clearFrom)
                : timeline.firstEntry(AlarmState.OK, clearFrom).map(AlarmTransition::at);
        String clearText = slo.clearAfter().label() + " (" + TimeRange.clock(clearAt) + ")";
        String clearing;
        boolean clearedInTime;
        String measuredText;
        if (ok.isEmpty()) {
            clearing = "not back to OK after " + clearText + " by the end of data";
            clearedInTime = false;
            measuredText = "ALARM after " + detected + " s, never OK again";
        } else {
            long cleared = Duration.between(clearAt, ok.get()).toSeconds();
            clearedInTime = slo.clearWithin() == null || cleared <= slo.clearWithin().toSeconds();
            clearing = "OK at " + TimeRange.clock(ok.get()) + ", " + cleared + " s after " + clearText;
            measuredText = "ALARM after " + detected + " s, OK " + cleared + " s after " + slo.clearAfter().label();
        }
        boolean met = detectedInTime && clearedInTime;
        String explanation = alarm + ": " + detection + (detectedInTime ? " ≤ " : " > ") + slo.detectWithin().toSeconds()
                + " s; " + clearing + (ok.isPresent() && slo.clearWithin() != null
                ? (clearedInTime ? " ≤ " : " > ") + slo.clearWithin().toSeconds() + " s" : "") + "; " + states;
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, detected, measuredText,
                met ? Verdict.Status.PASS : Verdict.Status.FAIL,
                new Evidence(explanation, objective, range.start(), range.end(), entered.get().at(), series));
    }

    private static Verdict verdict(AlarmSlo slo, String objective, double measured, String measuredText, boolean met,
                                   String explanation, TimeRange range, Instant breach, List<EvidenceSeries> series) {
        return new Verdict(slo.name(), slo.kind(), slo.description(), objective, measured, measuredText,
                met ? Verdict.Status.PASS : Verdict.Status.FAIL,
                new Evidence(explanation, objective, range.start(), range.end(), breach, series));
    }
}
