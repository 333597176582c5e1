package dev.gameday.platform.database;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static dev.gameday.platform.database.DatabaseTests.signal;
import static dev.gameday.platform.database.DatabaseTests.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The cluster notices what nobody announced, as RDS does: a writer killed ({@code kill -9}) or
 * hung ({@code SIGSTOP}) is failed over after the engine's detection time, with no acknowledged
 * commit lost; a zone cut off cuts its replication, and no standby is ever built in a zone that is
 * cut off. Real PostgreSQL servers, real signals.
 */
class AutomaticFailoverTest {

    private static final Zone A = new Zone("local-1a");
    private static final Zone B = new Zone("local-1b");
    private static final DatabaseEngine FAST = new DatabaseEngine(DatabaseEngine.Kind.RDS_MULTI_AZ_INSTANCE,
            Duration.ofSeconds(1), Duration.ofMillis(500));

    @Test
    void a_writer_killed_with_sigkill_is_failed_over_automatically_and_no_acknowledged_commit_is_lost(@TempDir Path work)
            throws Exception {
        writerFailsAndWritesResume(work, "KILL", "process-gone");
    }

    @Test
    void a_writer_hung_by_sigstop_is_failed_over_automatically_and_no_acknowledged_commit_is_lost(@TempDir Path work)
            throws Exception {
        writerFailsAndWritesResume(work, "STOP", "process-hung");
    }

    private static void writerFailsAndWritesResume(Path work, String signal, String cause) throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(List.of(A, B), network, 50, work, true, FAST, events)) {
            db.awaitStandby(Duration.ofSeconds(60));
            LedgerWriter.createLedger(db);
            LedgerWriter writer = new LedgerWriter(db, db.writerUrl(A));
            try (writer) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledged.size() >= 5);

                signal(db.writerPid(), signal);

                await().atMost(Duration.ofSeconds(60)).until(() -> B.equals(db.writerZone()));
                int afterFailover = writer.attempts.get();
                await("writes resume on the new writer").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.acknowledgedAfter(afterFailover));
            }
            Event lost = single(events, "db.writer.lost");
            assertThat(lost.attr("cause")).isEqualTo(cause);
            assertThat(lost.attr("zone")).isEqualTo(A.name());
            assertThat(single(events, "db.failover.started").attr("reason")).isEqualTo("automatic");
            assertThat(single(events, "db.failover.completed").attr("reason")).isEqualTo("automatic");
            assertThat(events.events().indexOf(lost)).isLessThan(events.events().indexOf(single(events, "db.failover.started")));
            LedgerWriter.assertEveryAcknowledgedCommitIsThere(db, writer.acknowledged);
        }
    }

    @Test
    void a_writer_whose_zone_is_cut_off_fails_over_and_no_standby_is_built_there_until_the_zone_returns(@TempDir Path work) {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(List.of(A, B), network, 50, work, true, FAST, events)) {
            db.awaitStandby(Duration.ofSeconds(60));

            network.impair(A);
            await().atMost(Duration.ofSeconds(30)).until(() -> B.equals(db.writerZone()));
            assertThat(single(events, "db.writer.lost").attr("cause")).isEqualTo("zone-impaired");
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.events(e -> e.type().equals("db.standby.unavailable")).isEmpty());

            // A Multi-AZ instance without a healthy zone for its standby runs without one, and cannot fail over.
            assertThat(db.standbyZone()).isNull();
            assertThat(db.standbyCount()).isZero();
            assertThat(single(events, "db.standby.unavailable").attr("zone")).isEqualTo(A.name());
            assertThatThrownBy(() -> db.failover("FIS experiment EXP1")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no standby").hasMessageContaining("local-1a is impaired");
            assertThat(events.events(e -> e.type().equals("db.standby.ready") && A.name().equals(e.attr("zone")))).isEmpty();

            int readyBefore = events.events(e -> e.type().equals("db.standby.ready")).size();
            network.restore(A);
            await().atMost(Duration.ofSeconds(60)).until(() -> db.standbyCount() == 1);
            assertThat(db.standbyZone()).isEqualTo(A);
            assertThat(events.events(e -> e.type().equals("db.standby.ready"))).hasSize(readyBefore + 1);
        }
    }

    @Test
    void a_multi_az_cluster_rebuilds_its_standby_in_another_healthy_zone_rather_than_wait(@TempDir Path work) {
        Zone c = new Zone("local-1c");
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        DatabaseEngine cluster = new DatabaseEngine(DatabaseEngine.Kind.RDS_MULTI_AZ_CLUSTER, Duration.ofSeconds(1),
                Duration.ofMillis(500));
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(List.of(A, B, c), network, 50, work, true, cluster, events)) {
            db.awaitStandby(Duration.ofSeconds(60));

            network.impair(A);
            await().atMost(Duration.ofSeconds(30)).until(() -> B.equals(db.writerZone()));
            await().atMost(Duration.ofSeconds(60)).until(() -> db.standbyCount() == 1);

            assertThat(db.standbyZone()).isEqualTo(c);
            assertThat(events.events(e -> e.type().equals("db.standby.ready") && A.name().equals(e.attr("zone")))).isEmpty();
        }
    }

    @Test
    void a_zone_cut_cuts_the_standbys_replication_and_the_instance_goes_on_writing_without_a_standby(@TempDir Path work)
            throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(List.of(A, B), network, 50, work, true, FAST, events)) {
            db.awaitStandby(Duration.ofSeconds(60));
            LedgerWriter.createLedger(db);
            assertThat(network.edges(B)).extracting(e -> e.name()).contains("db-replication@local-1b");

            network.impair(B);
            await().atMost(Duration.ofSeconds(30)).until(() -> !events.events(e -> e.type().equals("db.standby.lost")).isEmpty());
            assertThat(db.standbyCount()).isZero();
            assertThat(single(events, "db.standby.lost").attr("zone")).isEqualTo(B.name());
            assertThat(single(events, "db.standby.lost").attr("cause")).isEqualTo("zone-impaired");
            assertThat(network.edges(B)).extracting(e -> e.name()).doesNotContain("db-replication@local-1b");
            // The writer no longer waits for a standby it cannot reach: a commit goes through at once.
            try (Connection c = DriverManager.getConnection(db.writerUrl(A) + "?socketTimeout=10", db.user(), db.password());
                 Statement s = c.createStatement()) {
                s.execute("INSERT INTO ledger VALUES (-1)");
            }
            assertThat(db.writerZone()).isEqualTo(A);
            assertThat(db.standbyZone()).isNull();

            network.restore(B);
            await().atMost(Duration.ofSeconds(60)).until(() -> db.standbyCount() == 1);
            assertThat(db.standbyZone()).isEqualTo(B);
        }
    }

    @Test
    void teardown_after_a_writer_killed_from_outside_is_quiet(@TempDir Path work) throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        ZoneNetwork network = new ZoneNetwork();
        Database db = Database.start(List.of(A), network, 50, work, false, FAST, events);
        long pid = db.writerPid();

        signal(pid, "KILL");
        await().atMost(Duration.ofSeconds(10)).until(() -> !PostgresServer.isRunning(pid));

        // Nothing is left to stop: no pg_ctl, no exception, and the writer's data directory is gone.
        assertThatCode(db::close).doesNotThrowAnyException();
        network.close();
        assertThat(work.resolve("db-primary")).doesNotExist();
    }
}
