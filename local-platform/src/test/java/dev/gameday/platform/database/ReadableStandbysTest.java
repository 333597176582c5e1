package dev.gameday.platform.database;

import dev.gameday.core.event.EventLog;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.gameday.platform.database.DatabaseTests.signal;
import static dev.gameday.platform.database.DatabaseTests.single;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A Multi-AZ DB cluster (and Aurora) keeps readable standbys in the other zones behind a reader
 * endpoint, and a commit is acknowledged once any one of them has it: a zone cut of one reader's zone
 * leaves writes and reads going on; a writer killed is replaced by the most current reader, with no
 * acknowledged commit lost, and the other reader follows the new writer. Real PostgreSQL servers.
 */
class ReadableStandbysTest {

    private static final Zone A = new Zone("local-1a");
    private static final Zone B = new Zone("local-1b");
    private static final Zone C = new Zone("local-1c");
    private static final List<Zone> ZONES = List.of(A, B, C);

    @Test
    void a_multi_az_cluster_has_two_readers_in_the_other_zones_and_its_reader_endpoint_spreads_reads_over_them(
            @TempDir Path work) throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(ZONES, network, 50, work, true, cluster(Duration.ofSeconds(1)), events)) {
            db.awaitStandby(Duration.ofSeconds(90));

            assertThat(db.standbyZones()).containsExactlyInAnyOrder(B, C);
            assertThat(db.readerZones()).containsExactlyInAnyOrder(B, C);
            assertThat(events.events(e -> e.type().equals("db.reader.ready"))).extracting(e -> e.attr("zone"))
                    .containsExactlyInAnyOrder(B.name(), C.name());
            // Semi-synchronous: a commit waits for any one of the two readers.
            assertThat(writerSetting(db, "synchronous_standby_names")).startsWith("ANY 1 (").contains("local_1b")
                    .contains("local_1c");

            LedgerWriter.createLedger(db);
            try (Connection w = DriverManager.getConnection(db.writerUrl(A), db.user(), db.password());
                 Statement s = w.createStatement()) {
                s.execute("INSERT INTO ledger VALUES (1)");
            }
            // A committed row is on the reader that confirmed it at once, on the other soon after.
            Set<Integer> readerPorts = new HashSet<>();
            for (int i = 0; i < 4; i++) {
                try (Connection r = readerConnection(db, A)) {
                    assertThat(inRecovery(r)).as("a reader-endpoint connection lands on a standby").isTrue();
                    readerPorts.add(port(r));
                    await().atMost(Duration.ofSeconds(10)).until(() -> LedgerWriter.ledger(r).contains(1));
                }
            }
            assertThat(readerPorts).as("connections spread over both readers").hasSize(2);
            assertThat(db.readerUrl(A)).isPresent();
        }
    }

    @Test
    void a_zone_cut_of_one_readers_zone_leaves_writes_acknowledged_by_the_other_and_the_reader_endpoint_serving(
            @TempDir Path work) throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        // A long detection time: the cut reader stays in the quorum, so writes going on prove ANY 1.
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(ZONES, network, 50, work, true, cluster(Duration.ofSeconds(60)), events)) {
            db.awaitStandby(Duration.ofSeconds(90));
            LedgerWriter.createLedger(db);

            network.impair(C);
            try (LedgerWriter writer = new LedgerWriter(db, db.writerUrl(A))) {
                int afterCut = writer.attempts.get();
                await("commits acknowledged with one reader cut off").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.acknowledged.size() >= 20 && writer.acknowledgedAfter(afterCut));
            }
            assertThat(events.events(e -> e.type().equals("db.standby.lost"))).as("the cut reader is still in the quorum")
                    .isEmpty();
            assertThat(db.standbyCount()).isEqualTo(2);
            assertThat(db.readerZones()).containsExactly(B);

            int bPort = -1;
            for (int i = 0; i < 3; i++) {
                try (Connection r = readerConnection(db, A)) {
                    assertThat(inRecovery(r)).isTrue();
                    int port = port(r);
                    assertThat(bPort == -1 || bPort == port).as("every read goes to the reader in " + B).isTrue();
                    bPort = port;
                    assertThat(LedgerWriter.ledger(r)).isNotEmpty();
                }
            }

            network.restore(C);
            await().atMost(Duration.ofSeconds(30)).until(() -> db.readerZones().size() == 2);
        }
    }

    @Test
    void a_cut_reader_is_dropped_after_the_detection_time_and_the_cluster_writes_with_its_other_standby(
            @TempDir Path work) throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(ZONES, network, 50, work, true, cluster(Duration.ofSeconds(1)), events)) {
            db.awaitStandby(Duration.ofSeconds(90));
            LedgerWriter.createLedger(db);

            network.impair(C);
            await().atMost(Duration.ofSeconds(30)).until(() -> !events.events(e -> e.type().equals("db.standby.lost")).isEmpty());
            assertThat(single(events, "db.standby.lost").attr("zone")).isEqualTo(C.name());
            assertThat(db.standbyZones()).containsExactly(B);
            assertThat(writerSetting(db, "synchronous_standby_names")).contains("local_1b").doesNotContain("local_1c");
            // No healthy zone is left for a second reader (A holds the writer): the cluster says so and waits.
            await().atMost(Duration.ofSeconds(10)).until(() -> !events.events(e -> e.type().equals("db.standby.unavailable")).isEmpty());
            try (LedgerWriter writer = new LedgerWriter(db, db.writerUrl(A))) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledged.size() >= 10);
            }
            assertThat(events.events(e -> e.type().equals("db.standby.ready") && C.name().equals(e.attr("zone"))
                    && events.events().indexOf(e) > events.events().indexOf(single(events, "db.standby.lost")))).isEmpty();

            network.restore(C);
            await().atMost(Duration.ofSeconds(60)).until(() -> db.standbyCount() == 2);
            assertThat(db.standbyZones()).containsExactlyInAnyOrder(B, C);
        }
    }

    @Test
    void a_writer_killed_is_replaced_by_a_reader_with_no_acknowledged_commit_lost_and_the_other_reader_follows_it(
            @TempDir Path work) throws Exception {
        killWriterAndFollow(work, cluster(Duration.ofSeconds(1)));
    }

    @Test
    void aurora_promotes_a_replica_and_its_other_replica_follows_the_new_writer(@TempDir Path work) throws Exception {
        killWriterAndFollow(work, DatabaseEngine.scaled(DatabaseEngine.Kind.AURORA_POSTGRESQL));
    }

    private static void killWriterAndFollow(Path work, DatabaseEngine engine) throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (ZoneNetwork network = new ZoneNetwork();
             Database db = Database.start(ZONES, network, 50, work, true, engine, events)) {
            db.awaitStandby(Duration.ofSeconds(90));
            LedgerWriter.createLedger(db);
            int builtBefore = events.events(e -> e.type().equals("db.standby.ready")).size();
            LedgerWriter writer = new LedgerWriter(db, db.writerUrl(A));
            try (writer) {
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledged.size() >= 20);

                signal(db.writerPid(), "KILL");

                await().atMost(Duration.ofSeconds(60)).until(() -> !A.equals(db.writerZone()));
                int afterFailover = writer.attempts.get();
                await("writes resume on the new writer").atMost(Duration.ofSeconds(30))
                        .until(() -> writer.acknowledgedAfter(afterFailover));
                Zone newWriter = db.writerZone();
                Zone follower = newWriter.equals(B) ? C : B;

                await("the other reader follows the new writer").atMost(Duration.ofSeconds(60))
                        .until(() -> db.standbyZones().equals(List.of(follower)));
                assertThat(single(events, "db.standby.following").attr("zone")).isEqualTo(follower.name());
                assertThat(single(events, "db.standby.following").attr("writer")).isEqualTo(newWriter.name());
                // Followed, not rebuilt from a copy: no standby was built since the failover.
                assertThat(events.events(e -> e.type().equals("db.standby.ready"))).hasSize(builtBefore + 1);
                assertThat(writerSetting(db, "synchronous_standby_names")).contains(follower.name().replace('-', '_'));
                int afterFollow = writer.attempts.get();
                await().atMost(Duration.ofSeconds(30)).until(() -> writer.acknowledgedAfter(afterFollow));
            }
            assertThat(single(events, "db.failover.completed").attr("reason")).isEqualTo("automatic");
            LedgerWriter.assertEveryAcknowledgedCommitIsThere(db, writer.acknowledged);
            // The follower replays the new writer's timeline: it serves every acknowledged commit too.
            try (Connection r = readerConnection(db, A)) {
                assertThat(inRecovery(r)).isTrue();
                await().atMost(Duration.ofSeconds(10)).until(() -> LedgerWriter.ledger(r).containsAll(writer.acknowledged));
            }
        }
    }

    private static DatabaseEngine cluster(Duration detection) {
        return new DatabaseEngine(DatabaseEngine.Kind.RDS_MULTI_AZ_CLUSTER, detection, Duration.ofMillis(500));
    }

    private static Connection readerConnection(Database db, Zone zone) throws SQLException {
        return DriverManager.getConnection(db.readerUrl(zone).orElseThrow() + "?connectTimeout=5&socketTimeout=10",
                db.user(), db.password());
    }

    private static boolean inRecovery(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_is_in_recovery()")) {
            rs.next();
            return rs.getBoolean(1);
        }
    }

    private static int port(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('port')")) {
            rs.next();
            return Integer.parseInt(rs.getString(1));
        }
    }

    private static String writerSetting(Database db, String name) throws SQLException {
        try (Connection c = db.writerConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_setting('" + name + "')")) {
            rs.next();
            return rs.getString(1);
        }
    }
}
