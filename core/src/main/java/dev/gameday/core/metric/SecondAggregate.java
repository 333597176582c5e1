package dev.gameday.core.metric;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.DoubleHistogramIterationValue;
import org.HdrHistogram.PackedDoubleHistogram;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Collection;
import java.util.zip.DataFormatException;

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
    /** Null while every sample equals {@link #first}, or while {@link #compressed} holds them. */
    private PackedDoubleHistogram values;
    /** {@link #values} in HdrHistogram's compressed encoding, once the second is old ({@link #compact()}). */
    private byte[] compressed;
    /** HdrHistogram holds no negative values; a second with one answers no percentile. */
    private boolean negative;

    synchronized void add(double value) {
        if (compressed != null) {
            values = decompress(compressed); // a late sample: unpack again
            compressed = null;
        }
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
     * Keeps the distribution compressed: a packed histogram of a second's response times takes
     * about ten times the memory of its compressed encoding, and an old second is only read.
     */
    synchronized void compact() {
        if (values != null) {
            ByteBuffer buffer = ByteBuffer.allocate(values.getNeededByteBufferCapacity());
            compressed = Arrays.copyOf(buffer.array(), values.encodeIntoCompressedByteBuffer(buffer));
            values = null;
        }
    }

    /** Whether the distribution is held compressed (for tests). */
    synchronized boolean isCompressed() {
        return compressed != null;
    }

    private static PackedDoubleHistogram decompress(byte[] compressed) {
        try {
            return PackedDoubleHistogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(compressed), 0);
        } catch (DataFormatException e) {
            throw new IllegalStateException("a compressed histogram this store wrote does not decode", e);
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
                } else if (s.compressed != null) {
                    merged.add(decompress(s.compressed));
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
