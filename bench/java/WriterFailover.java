import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.LocalTarget;
import dev.gameday.platform.database.Database;
import dev.gameday.platform.fault.LocalFaultInjector;
import dev.gameday.platform.zone.Zone;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * bench/writer-failover: local writer failover duration, from the fault to the first successful
 * write. A loop of small writes (one-row INSERT, autocommit, a fresh connection after any error,
 * 1 s connect and socket timeouts, 10 ms apart) goes through the writer endpoint of the zone the
 * writer is NOT in (as a task there would), while {@code aws:rds:failover-db-cluster} runs through
 * the {@link LocalFaultInjector} with the catalogue's template. Per repetition prints the time from
 * {@code injector.start(…)} to the end of the first successful write that began after the first
 * failed one, and the dark window (first failed write to that success).
 *
 * <p>Usage: {@code java -cp <harness classpath> WriterFailover.java <template.json> [repetitions]}
 */
public final class WriterFailover {

    private record Write(long startNanos, long endNanos, boolean ok) {
    }

    private static final Set<ExperimentStatus> DONE = EnumSet.of(ExperimentStatus.COMPLETED, ExperimentStatus.FAILED,
            ExperimentStatus.STOPPED, ExperimentStatus.CANCELLED);

    public static void main(String[] args) throws Exception {
        ExperimentTemplate template = TemplateParser.parse(Path.of(args[0]));
        int repetitions = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();
        try (LocalPlatform platform = LocalPlatform.builder().zones(2).tasksPerZone(1).queue(false).start();
             LocalFaultInjector injector = new LocalFaultInjector(platform)) {
            Database db = platform.database();
            Zone writerZone = db.writerZone();
            Zone from = platform.zones().stream().filter(z -> !z.equals(writerZone)).findFirst().orElse(writerZone);
            String url = db.writerUrl(from) + "?connectTimeout=1&socketTimeout=1&loginTimeout=1";
            System.out.println("writer endpoint: " + url + " (seen from " + from.name() + "; writer in " + writerZone.name() + ")");
            try (Connection c = DriverManager.getConnection(url, db.user(), db.password()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS bench_writes (id bigserial PRIMARY KEY, at timestamptz NOT NULL DEFAULT now())");
            }
            Thread writer = new Thread(() -> writeLoop(url, db.user(), db.password(), writes), "bench-writer");
            writer.setDaemon(true);
            writer.start();

            Map<String, String> parameters = Map.of("region", Zone.REGION, "account", LocalTarget.ACCOUNT,
                    "dbCluster", Database.CLUSTER_ID);
            // As the orchestrator does: the template is filled and validated once, before the injector sees it.
            ValidatedExperiment failover = TemplateValidator.validate(template, parameters);
            List<Long> results = new ArrayList<>();
            for (int rep = 1; rep <= repetitions; rep++) {
                awaitStandbyRebuilt(db);
                awaitHealthyWrites(writes);
                String load = String.join(" ", List.of(Files.readString(Path.of("/proc/loadavg")).trim().split(" ")).subList(0, 3));
                Zone before = db.writerZone();
                long t0 = System.nanoTime();
                RunningExperiment experiment = injector.start(failover);
                long deadline = t0 + Duration.ofSeconds(90).toNanos();
                Long firstSuccess = null;
                Long firstFailure = null;
                while (System.nanoTime() < deadline) {
                    firstFailure = writes.stream().filter(w -> w.startNanos() >= t0 && !w.ok())
                            .map(Write::startNanos).min(Long::compare).orElse(null);
                    if (firstFailure != null) {
                        long ff = firstFailure;
                        firstSuccess = writes.stream().filter(w -> w.startNanos() > ff && w.ok())
                                .map(Write::endNanos).min(Long::compare).orElse(null);
                    }
                    if (firstSuccess != null && DONE.contains(experiment.state().status())) {
                        break;
                    }
                    Thread.sleep(20);
                }
                ExperimentStatus status = experiment.state().status();
                if (firstSuccess == null) {
                    System.out.println("run " + rep + ": no successful write after the fault within 90 s (failure seen: "
                            + (firstFailure != null) + "; experiment " + experiment.state() + ")");
                    continue;
                }
                long ms = Duration.ofNanos(firstSuccess - t0).toMillis();
                results.add(ms);
                System.out.printf("run %d: fault -> first successful write %d ms (dark %d ms, from first failed write); "
                                + "writer %s -> %s; experiment %s; load before: %s%n", rep, ms,
                        Duration.ofNanos(firstSuccess - firstFailure).toMillis(), before.name(), db.writerZone().name(),
                        status, load);
                long done = firstSuccess;
                writes.removeIf(w -> w.endNanos() < done);
            }
            List<Long> sorted = results.stream().sorted().toList();
            if (!sorted.isEmpty()) {
                System.out.printf("writer failover: min %.2f s, median %.2f s, max %.2f s over %d runs (target <= 5 s)%n",
                        sorted.get(0) / 1000.0, sorted.get((sorted.size() - 1) / 2) / 1000.0,
                        sorted.get(sorted.size() - 1) / 1000.0, sorted.size());
            }
        }
        System.exit(0);
    }

    /** awaitStandby only covers the first standby; after a failover the old writer's zone is rebuilt as one. */
    private static void awaitStandbyRebuilt(Database db) throws InterruptedException {
        db.awaitStandby(Duration.ofSeconds(120));
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (db.standbyZone() == null) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no standby rebuilt within 120 s");
            }
            Thread.sleep(100);
        }
    }

    private static void awaitHealthyWrites(ConcurrentLinkedQueue<Write> writes) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            long now = System.nanoTime();
            boolean recentOk = writes.stream().anyMatch(w -> w.ok() && now - w.endNanos() < 200_000_000L);
            boolean recentFail = writes.stream().anyMatch(w -> !w.ok() && now - w.endNanos() < 1_000_000_000L);
            if (recentOk && !recentFail) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("writes did not succeed steadily before the fault");
    }

    private static void writeLoop(String url, String user, String password, ConcurrentLinkedQueue<Write> writes) {
        Connection c = null;
        while (true) {
            long start = System.nanoTime();
            boolean ok;
            try {
                if (c == null) {
                    c = DriverManager.getConnection(url, user, password);
                }
                try (Statement s = c.createStatement()) {
                    s.executeUpdate("INSERT INTO bench_writes DEFAULT VALUES");
                }
                ok = true;
            } catch (SQLException e) {
                ok = false;
                try {
                    if (c != null) {
                        c.close();
                    }
                } catch (SQLException ignored) {
                    // a broken connection
                }
                c = null;
            }
            writes.add(new Write(start, System.nanoTime(), ok));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
