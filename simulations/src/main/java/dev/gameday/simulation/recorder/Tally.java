package dev.gameday.simulation.recorder;

import dev.gameday.core.metric.Statistic;
import org.HdrHistogram.AbstractHistogram;
import org.HdrHistogram.Histogram;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The requests of one period (one name, or all of them), summed from per-second buckets: OK and
 * KO counts and, when response times are asked for, the merged histogram. Every client statistic
 * of the period is answered from it, so a period costs one merge however many statistics are read.
 */
final class Tally {

    private final boolean withHistogram;
    private Histogram responseTimes;
    private long ok;
    private long ko;

    /** @param withHistogram whether response times are merged (counts alone need no histogram) */
    Tally(boolean withHistogram) {
        this.withHistogram = withHistogram;
    }

    /** Adds one bucket; the histogram is read, never kept, so the caller may hold its lock. */
    void add(long okCount, long koCount, AbstractHistogram histogram) {
        ok += okCount;
        ko += koCount;
        if (withHistogram && histogram != null && histogram.getTotalCount() > 0) {
            if (responseTimes == null) {
                responseTimes = ResponseTimes.newMergeTarget();
            }
            responseTimes.add(histogram);
        }
    }

    void addJourneys(long started) {
        ok += started;
    }

    long requests() {
        return ok + ko;
    }

    /**
     * A statistic of a client metric over the period, or {@code NaN} without data. The counts are
     * exact: each request is one sample of 1 or 0 (as CloudWatch would have received them).
     * Response times come from the histogram, in seconds: exact below ~2 s (whole milliseconds, as
     * Gatling measures them), within 0.1 % above.
     */
    double value(String metricName, Statistic statistic) {
        return switch (metricName) {
            case ClientRecorder.REQUEST_COUNT, ClientRecorder.JOURNEY_COUNT -> ones(requests(), requests(), statistic);
            case ClientRecorder.OK_COUNT -> ones(requests(), ok, statistic);
            case ClientRecorder.KO_COUNT -> ones(requests(), ko, statistic);
            case ClientRecorder.RESPONSE_TIME -> responseTime(statistic);
            default -> Double.NaN;
        };
    }

    /** A statistic of {@code n} samples of which {@code ones} are 1 and the rest 0. */
    private static double ones(long n, long ones, Statistic statistic) {
        if (n == 0) {
            return Double.NaN;
        }
        return switch (statistic.name()) {
            case "Sum" -> ones;
            case "SampleCount" -> n;
            case "Average" -> (double) ones / n;
            case "Minimum" -> ones == n ? 1 : 0;
            case "Maximum" -> ones > 0 ? 1 : 0;
            // Nearest rank over the sorted samples (the zeros come first), in exact decimals as
            // HdrHistogram ranks response times: 99.9 / 100.0 * 5000 is 4995.000000000001 in doubles.
            default -> Math.max(1, BigDecimal.valueOf(statistic.percentile()).multiply(BigDecimal.valueOf(n))
                    .divide(BigDecimal.valueOf(100)).setScale(0, RoundingMode.CEILING).longValueExact()) > n - ones ? 1 : 0;
        };
    }

    private double responseTime(Statistic statistic) {
        if (responseTimes == null || responseTimes.getTotalCount() == 0) {
            return Double.NaN;
        }
        double millis = switch (statistic.name()) {
            case "Sum" -> responseTimes.getMean() * responseTimes.getTotalCount();
            case "SampleCount" -> responseTimes.getTotalCount() * 1000.0;
            case "Average" -> responseTimes.getMean();
            case "Minimum" -> responseTimes.getMinValue();
            case "Maximum" -> responseTimes.getMaxValue();
            default -> responseTimes.getValueAtPercentile(statistic.percentile());
        };
        return millis / 1000.0;
    }
}
