package dev.gameday.core.metric;

import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.DoubleHistogramIterationValue;
import org.HdrHistogram.PackedDoubleHistogram;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Collection;

/**
 * The samples one metric received in one second, kept as what CloudWatch's statistics need rather
 * than as the samples: count, sum, minimum and maximum exactly, and — only once the second holds
 * two distinct values — their distribution in a packed HdrHistogram (memory grows with the
 * distinct values held, not with the samples; 3 significant digits). A counter that records 1 per
 * event never allocates a histogram. Appended from many threads, read rarely; an old second is
 * archived by its {@link SecondSeries} and refuses samples from then on.
 */
final class SecondAggregate implements SecondSeries.Slot {

    /** Percentiles are within 0.1 % of the sample at that rank. */
    private static final int SIGNIFICANT_DIGITS = 3;

    private long count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double first;
    /** Null while every sample equals {@link #first}, or while {@link #encodedValues} holds them. */
    private PackedDoubleHistogram values;
    /**
     * The distribution as archived, in a second read back: decoded only when a percentile or a late
     * sample needs it, as most reads are sums and counts.
     */
    private byte[] encodedValues;
    /** HdrHistogram holds no negative values; a second with one answers no percentile. */
    private boolean negative;
    private boolean archived;

    /** Adds a sample; {@code false} when this second was archived meanwhile (look it up again). */
    synchronized boolean add(double value) {
        if (archived) {
            return false;
        }
        if (encodedValues != null) {
            values = decode(encodedValues);
            encodedValues = null;
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
        return true;
    }

    /** Writes the figures and the distribution in HdrHistogram's plain encoding (the block is deflated as a whole). */
    @Override
    public synchronized void archiveTo(DataOutput out) throws IOException {
        archived = true;
        out.writeLong(count);
        out.writeDouble(sum);
        out.writeDouble(min);
        out.writeDouble(max);
        out.writeDouble(first);
        out.writeBoolean(negative);
        if (encodedValues != null) {
            out.writeInt(encodedValues.length);
            out.write(encodedValues);
        } else if (values == null) {
            out.writeInt(0);
        } else {
            ByteBuffer buffer = ByteBuffer.allocate(values.getNeededByteBufferCapacity());
            int length = values.encodeIntoByteBuffer(buffer);
            out.writeInt(length);
            out.write(buffer.array(), 0, length);
        }
    }

    /** Reads back what {@link #archiveTo} wrote. */
    static SecondAggregate read(long second, DataInput in) throws IOException {
        SecondAggregate aggregate = new SecondAggregate();
        aggregate.count = in.readLong();
        aggregate.sum = in.readDouble();
        aggregate.min = in.readDouble();
        aggregate.max = in.readDouble();
        aggregate.first = in.readDouble();
        aggregate.negative = in.readBoolean();
        int length = in.readInt();
        if (length > 0) {
            aggregate.encodedValues = new byte[length];
            in.readFully(aggregate.encodedValues);
        }
        return aggregate;
    }

    private static PackedDoubleHistogram decode(byte[] encoded) {
        return PackedDoubleHistogram.decodeFromByteBuffer(ByteBuffer.wrap(encoded), 0);
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
                } else if (s.encodedValues != null) {
                    merged.add(decode(s.encodedValues));
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
