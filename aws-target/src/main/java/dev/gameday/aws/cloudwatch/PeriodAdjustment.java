package dev.gameday.aws.cloudwatch;

import dev.gameday.core.metric.MetricQuery;

import java.time.Duration;

/**
 * A query whose period CloudWatch does not accept, and the period it was fetched with instead
 * (see {@link CloudWatchPeriods}).
 *
 * @param query the query as asked
 * @param used  the period sent to CloudWatch
 */
public record PeriodAdjustment(MetricQuery query, Duration used) {

    /** For logs and evidence, e.g. {@code AWS/ApplicationELB … p99/20s fetched with Period 30 s (CloudWatch accepts 1, 5, 10, 30 s or multiples of 60 s)}. */
    public String describe() {
        return query.label() + " fetched with Period " + used.toSeconds()
                + " s (CloudWatch accepts 1, 5, 10, 30 s or multiples of 60 s)";
    }
}
