package dev.gameday.core.metric;

import java.time.Instant;

/**
 * One aggregated value of a series: the statistic over the period that starts at {@code timestamp}.
 *
 * @param timestamp the start of the period
 * @param value     the statistic's value
 */
public record DataPoint(Instant timestamp, double value) {
}
