package dev.gameday.platform.database;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The cluster's own monitoring, as RDS runs it beside a Multi-AZ deployment: nobody has to ask.
 * Several times a second it looks at the writer (its process gone, hung, or its zone cut off) and
 * at each standby (its zone cut off); a problem that lasts the engine's detection time is acted on
 * — the writer is failed over, a cut-off standby is dropped so writes go on without it — and a
 * missing standby is rebuilt once a zone for it is healthy.
 */
final class ClusterMonitor implements AutoCloseable {

    /**
     * How long a writer that runs but does not answer must stay so before it is called lost, at the
     * least: on a host shared with a game day's load a login can be slow, and a failover nobody
     * needed would be a fault of our own. A process gone, stopped or cut off needs only the detection time.
     */
    static final Duration UNRESPONSIVE_AT_LEAST = Duration.ofSeconds(15);
    /** Logging in to ask the writer costs a backend: once a second is enough. */
    private static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final Database database;
    private final Duration detectionTime;
    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread t = new Thread(runnable, "db-monitor");
        t.setDaemon(true);
        return t;
    });
    private Problem writerProblem;
    /** Each standby's problem, by the standby's name. */
    private final Map<String, Problem> standbyProblems = new HashMap<>();
    private Instant lastProbe = Instant.MIN;

    /** A problem seen continuously since {@code since}; {@code reported} once it was acted on. */
    private record Problem(String cause, Instant since, boolean reported) {
    }

    private ClusterMonitor(Database database, Duration detectionTime) {
        this.database = database;
        this.detectionTime = detectionTime;
    }

    /** Starts watching {@code database}; a problem must last {@code detectionTime} to be acted on. */
    static ClusterMonitor start(Database database, Duration detectionTime) {
        ClusterMonitor monitor = new ClusterMonitor(database, detectionTime);
        // Often enough that detection is not late by more than a quarter of its time (at most 500 ms).
        long tick = Math.max(50, Math.min(500, detectionTime.toMillis() / 4));
        monitor.executor.scheduleWithFixedDelay(monitor::check, tick, tick, TimeUnit.MILLISECONDS);
        return monitor;
    }

    private void check() {
        try {
            if (database.isClosed() || database.isFailingOver()) {
                return;
            }
            Instant now = Instant.now();
            boolean probe = !now.isBefore(lastProbe.plus(PROBE_EVERY));
            Optional<String> seen = database.writerProblem(probe);
            if (probe) {
                lastProbe = Instant.now();
            } else if (seen.isEmpty() && writerProblem != null && writerProblem.cause().equals(Database.UNRESPONSIVE)) {
                seen = Optional.of(Database.UNRESPONSIVE); // still unanswered until the next probe says otherwise
            }
            writerProblem = track(writerProblem, seen, now);
            if (due(writerProblem, now)) {
                writerProblem = new Problem(writerProblem.cause(), writerProblem.since(), true);
                database.writerLost(writerProblem.cause());
                return;
            }
            Map<String, String> seenStandbys = database.standbyProblems();
            standbyProblems.keySet().retainAll(seenStandbys.keySet());
            for (Map.Entry<String, String> standby : seenStandbys.entrySet()) {
                Problem problem = track(standbyProblems.get(standby.getKey()), Optional.of(standby.getValue()), now);
                standbyProblems.put(standby.getKey(), problem);
                if (due(problem, now)) {
                    standbyProblems.remove(standby.getKey());
                    database.dropStandby(standby.getKey(), problem.cause());
                }
            }
            database.keepStandby();
        } catch (RuntimeException e) {
            // One look that fails is retried at the next tick; the monitor itself must never stop.
        }
    }

    /** The problem as tracked: kept while the same cause lasts, forgotten when it clears. */
    private static Problem track(Problem tracked, Optional<String> seen, Instant now) {
        if (seen.isEmpty()) {
            return null;
        }
        if (tracked != null && tracked.cause().equals(seen.get())) {
            return tracked;
        }
        return new Problem(seen.get(), now, false);
    }

    private boolean due(Problem problem, Instant now) {
        if (problem == null || problem.reported()) {
            return false;
        }
        Duration needed = problem.cause().equals(Database.UNRESPONSIVE) && detectionTime.compareTo(UNRESPONSIVE_AT_LEAST) < 0
                ? UNRESPONSIVE_AT_LEAST : detectionTime;
        return !Duration.between(problem.since(), now).minus(needed).isNegative();
    }

    @Override
    public void close() {
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
