package dev.gameday.core.metric;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.DoubleHistogramIterationValue;
import org.HdrHistogram.PackedDoubleHistogram;

import java.util.Collection;

/**
 * The samples one metric received in one second, kept as what CloudWatch's statistics need rather
 * than as the samples: count, sum, minimum and maximum exactly, and — only once the second holds
 * two distinct values — their distribution in a packed HdrHistogram (memory grows with the
 * distinct values held, not with the samples; 3 significant digits). A counter that records 1 per
 * event never allocates a histogram. Appended from many threads, read rarely.
 */
final class SecondAggregate {

    /** Percentiles are within 0.1 % of the sample at that rank. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double first;
    /** Null while every sample equals {@link #first}. */
    private PackedDoubleHistogram values;
    /** HdrHistogram holds no negative values; a second with one answers no percentile. */
    private boolean negative;

    synchronized void add(double value) {
        if (count == 0) {
            first = value;
        } else if (values == null && value != first && !negative) {
            values = new PackedDoubleHistogram(SIGNIFICANT_DIGITS);
            values.recordValueWithCount(first, count);
        }
        count++;
        sum += value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        if (value < 0) {
            negative = true;
            values = null;
        } else if (values != null) {
            values.recordValue(value);
        }
    }

    /**
     * A statistic over several seconds, as CloudWatch computes it over a period; percentiles by
     * nearest rank (the lowest value of the histogram bucket holding that rank, or the period's
     * exact minimum or maximum when that bucket holds it).
     */
    static double statistic(Statistic statistic, Collection<SecondAggregate> seconds) {
        long count = 0;
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (SecondAggregate s : seconds) {
            synchronized (s) {
                count += s.count;
                sum += s.sum;
                min = Math.min(min, s.min);
                max = Math.max(max, s.max);
            }
        }
        if (count == 0) {
            return Double.NaN;
        }
        switch (statistic.name()) {
            case "Sum":
                return sum;
            case "SampleCount":
                return count;
            case "Average":
                return sum / count;
            case "Minimum":
                return min;
            case "Maximum":
                return max;
            default:
                return percentile(statistic.percentile(), seconds, min, max);
        }
    }

    private static double percentile(double percentile, Collection<SecondAggregate> seconds, double min, double max) {
        if (min == max) {
            return min;
        }
        DoubleHistogram merged = new DoubleHistogram(SIGNIFICANT_DIGITS);
        for (SecondAggregate s : seconds) {
            synchronized (s) {
                if (s.negative) {
                    return Double.NaN;
                }
                if (s.values != null) {
                    merged.add(s.values);
                } else if (s.count > 0) {
                    merged.recordValueWithCount(s.first, s.count);
                }
            }
        }
        // Nearest rank, as the raw samples were ranked before: the smallest value with at least
        // ceil(p × n) samples at or below it.
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * merged.getTotalCount()));
        long seen = 0;
        double atRank = max;
        for (DoubleHistogramIterationValue bucket : merged.recordedValues()) {
            seen += bucket.getCountAddedInThisIterationStep();
            if (seen >= rank) {
                double value = bucket.getValueIteratedTo();
                // The extremes are known exactly: a rank in their bucket is them (a p99 of ten samples is the largest).
                atRank = merged.valuesAreEquivalent(value, max) ? max
                        : merged.valuesAreEquivalent(value, min) ? min : merged.lowestEquivalentValue(value);
                break;
            }
        }
        return Math.max(min, Math.min(max, atRank));
    }
}
