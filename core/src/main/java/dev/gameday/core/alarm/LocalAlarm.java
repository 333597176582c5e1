package dev.gameday.core.alarm;

import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Evaluates a CloudWatch metric alarm over recorded data the way CloudWatch does, so that an
 * alarm's detection can be tested on the local target before it is trusted on AWS.
 *
 * <p>The alarm is evaluated at the end of every period. Following CloudWatch's documentation
 * ("How alarm state is evaluated when data is missing"):
 * <ol>
 *   <li>CloudWatch looks back over an <em>evaluation range</em> longer than
 *       {@code evaluationPeriods}; its exact length is not documented, so here it is
 *       {@link #RANGE_FACTOR} × {@code evaluationPeriods} periods.</li>
 *   <li>If the range holds at least N real data points, the most recent N are judged and
 *       {@code TreatMissingData} plays no part: ALARM when at least M breach, else OK.</li>
 *   <li>Otherwise all k &lt; N real points are judged together with N − k filled ones:
 *       {@code breaching} fills breaching points, {@code notBreaching} good ones;
 *       {@code missing} judges the k real points alone (none at all is INSUFFICIENT_DATA);
 *       {@code ignore} changes state only when the real points decide it whatever the missing
 *       ones would have been (at least M breach → ALARM; fewer than M even if all missing ones
 *       breached → OK), and otherwise keeps the current state.</li>
 * </ol>
 * These rules reproduce the documentation's example table (3 of 3, five periods shown). Metric
 * ingestion delay and CloudWatch's evaluation schedule are not modelled: a state changes exactly at
 * the end of the period that decides it, so detection times here are lower bounds for AWS.
 */
public final class LocalAlarm {

    /** The evaluation range, in multiples of {@code evaluationPeriods}. */
    public static final int RANGE_FACTOR = 2;

    private LocalAlarm() {
    }

    /**
     * Fetches the alarm's metric over {@code [start, end)} (periods aligned to {@code start}) and
     * evaluates it.
     */
    public static AlarmTimeline evaluate(AlarmDefinition alarm, MetricsSource source, Instant start, Instant end) {
        return evaluate(alarm, source.fetch(alarm.metric(), start, end));
    }

    /**
     * Evaluates the alarm at the end of every whole period of the series' range; the series must
     * be the alarm's metric at the alarm's period (points off its grid are ignored).
     */
    public static AlarmTimeline evaluate(AlarmDefinition alarm, TimeSeries series) {
        if (!series.query().equals(alarm.metric())) {
            throw new IllegalArgumentException("alarm " + alarm.name() + " watches " + alarm.metric().label()
                    + ", not " + series.query().label());
        }
        Duration period = alarm.metric().period();
        Instant start = series.start();
        long periods = Duration.between(start, series.end()).toSeconds() / period.toSeconds();
        TreeMap<Long, Double> byIndex = new TreeMap<>();
        for (DataPoint p : series.points()) {
            long offset = Duration.between(start, p.timestamp()).toMillis();
            if (offset >= 0 && offset % period.toMillis() == 0 && !Double.isNaN(p.value())) {
                byIndex.put(offset / period.toMillis(), p.value());
            }
        }
        int n = alarm.evaluationPeriods();
        int m = alarm.datapointsToAlarm();
        AlarmState state = AlarmState.INSUFFICIENT_DATA;
        List<AlarmTransition> transitions = new ArrayList<>();
        for (long i = 0; i < periods; i++) {
            // Evaluated when period i has ended; the range is periods (i - R*N, i].
            Map<Long, Double> range = byIndex.subMap(i - (long) RANGE_FACTOR * n, false, i, true);
            List<Double> real = new ArrayList<>(range.values());
            AlarmState next;
            String reason;
            if (real.size() >= n) {
                List<Double> recent = real.subList(real.size() - n, real.size());
                long breaching = recent.stream().filter(alarm::breaches).count();
                next = breaching >= m ? AlarmState.ALARM : AlarmState.OK;
                reason = breaching + " of the last " + n + " data points breached " + values(recent);
            } else {
                int k = real.size();
                int missing = n - k;
                long breaching = real.stream().filter(alarm::breaches).count();
                String seen = k + " of " + n + " data points present " + values(real) + ", " + breaching
                        + " breaching, missing treated as " + alarm.treatMissingData().wireName();
                next = switch (alarm.treatMissingData()) {
                    case BREACHING -> breaching + missing >= m ? AlarmState.ALARM : AlarmState.OK;
                    case NOT_BREACHING -> breaching >= m ? AlarmState.ALARM : AlarmState.OK;
                    case MISSING -> k == 0 ? AlarmState.INSUFFICIENT_DATA
                            : breaching >= Math.min(m, k) ? AlarmState.ALARM : AlarmState.OK;
                    case IGNORE -> k == 0 ? state
                            : breaching >= m ? AlarmState.ALARM
                            : breaching + missing < m ? AlarmState.OK
                            : state;
                };
                reason = seen;
            }
            if (next != state) {
                transitions.add(new AlarmTransition(start.plus(period.multipliedBy(i + 1)), state, next, reason));
                state = next;
            }
        }
        return new AlarmTimeline(alarm, start, start.plus(period.multipliedBy(periods)), transitions);
    }

    private static String values(List<Double> values) {
        return values.stream().map(v -> v == Math.rint(v) && Math.abs(v) < 1e15
                        ? Long.toString(v.longValue()) : String.format(Locale.ROOT, "%.3f", v))
                .toList().toString();
    }
}
