package dev.gameday.simulation.runner;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * How one in-process Gatling run ended.
 *
 * @param exitCode   Gatling's status: 0 ok, 1 invalid arguments, 2 assertions failed; -1 when the run crashed
 * @param gatlingDir where the report was put ({@code <run>/gatling}); holds {@code index.html} unless reports were off
 * @param startedAt  when the run started
 * @param endedAt    when it returned
 * @param stopReason why the harness stopped it early, or {@code null} when it ran its course
 * @param failure    what crashed, or {@code null}
 */
public record GatlingResult(int exitCode, Path gatlingDir, Instant startedAt, Instant endedAt,
                            String stopReason, String failure) {

    /** Gatling's status for a run that went through (stopping it early included). */
    public static final int OK = 0;
    /** Gatling's status for arguments it could not parse. */
    public static final int INVALID_ARGUMENTS = 1;
    /** Gatling's status when assertions of the simulation failed. */
    public static final int ASSERTIONS_FAILED = 2;
    /** This runner's status when the run threw instead of returning. */
    public static final int CRASHED = -1;

    /** Whether Gatling returned 0. */
    public boolean ok() {
        return exitCode == OK;
    }

    /** The report's entry page, {@code <gatlingDir>/index.html}. */
    public Path indexHtml() {
        return gatlingDir.resolve("index.html");
    }

    /** Whether the HTML report exists. */
    public boolean hasReport() {
        return Files.isRegularFile(indexHtml());
    }

    /** How long the run took. */
    public Duration duration() {
        return Duration.between(startedAt, endedAt);
    }
}
