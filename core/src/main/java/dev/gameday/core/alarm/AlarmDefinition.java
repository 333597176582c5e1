package dev.gameday.core.alarm;

import dev.gameday.core.metric.MetricQuery;

import java.util.Objects;

/**
 * A CloudWatch metric alarm as {@code PutMetricAlarm} defines one, evaluated locally over any
 * {@link dev.gameday.core.metric.MetricsSource} by {@link LocalAlarm}: "{@code datapointsToAlarm}
 * of the last {@code evaluationPeriods} periods of {@code metric} breach {@code threshold}".
 *
 * @param name              for sentences
 * @param metric            the metric, statistic and period ({@code Period})
 * @param comparison        {@code ComparisonOperator}
 * @param threshold         {@code Threshold}, in the metric's unit
 * @param evaluationPeriods {@code EvaluationPeriods} (N)
 * @param datapointsToAlarm {@code DatapointsToAlarm} (M, at most N; CloudWatch's default is N)
 * @param treatMissingData  {@code TreatMissingData}
 */
public record AlarmDefinition(String name, MetricQuery metric, ComparisonOperator comparison, double threshold,
                              int evaluationPeriods, int datapointsToAlarm, TreatMissingData treatMissingData) {

    public AlarmDefinition {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(comparison, "comparison");
        Objects.requireNonNull(treatMissingData, "treatMissingData");
        if (Double.isNaN(threshold) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be a finite number, was " + threshold);
        }
        if (evaluationPeriods < 1) {
            throw new IllegalArgumentException("evaluationPeriods must be at least 1, was " + evaluationPeriods);
        }
        if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
            throw new IllegalArgumentException("datapointsToAlarm must be between 1 and evaluationPeriods ("
                    + evaluationPeriods + "), was " + datapointsToAlarm);
        }
    }

    /** Whether one data point breaches. */
    public boolean breaches(double value) {
        return comparison.breaches(value, threshold);
    }

    /** The condition for sentences, e.g. {@code HTTPCode_Target_5XX_Count Sum > 5 for 2 of 3 × 10 s}. */
    public String describe() {
        return metric.metricName() + " " + metric.statistic() + " " + comparison.symbol() + " "
                + (threshold == Math.rint(threshold) ? Long.toString((long) threshold) : Double.toString(threshold))
                + " for " + datapointsToAlarm + " of " + evaluationPeriods + " × " + metric.period().toSeconds() + " s";
    }
}
