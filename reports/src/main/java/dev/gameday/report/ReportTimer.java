package dev.gameday.report;

import java.time.Instant;

/**
 * Told when each report file was written and how long it took ({@code summary.json},
 * {@code timeline.png}, …), so a run can show where its time after the traffic went.
 */
@FunctionalInterface
public interface ReportTimer {

    /** Listens to nothing. */
    ReportTimer NONE = (report, start, end) -> { };

    /**
     * @param report the report's file name, e.g. {@code junit.xml}
     * @param start  when its writing began
     * @param end    when it was written (or skipped)
     */
    void wrote(String report, Instant start, Instant end);
}
