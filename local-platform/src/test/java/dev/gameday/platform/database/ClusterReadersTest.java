package dev.gameday.platform.database;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.metrics.PlatformMetrics;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A platform on a Multi-AZ DB cluster: the shop's tasks are given the reader endpoint, browse the
 * catalogue through it, and the two readers carry that traffic.
 */
class ClusterReadersTest {

    private static final Zone A = new Zone("local-1a");

    @Test
    void the_shop_browses_through_the_reader_endpoint_whose_two_readers_hold_its_connections_and_serve_its_reads() throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (LocalPlatform platform = LocalPlatform.builder().zones(3).tasksPerZone(1).queue(false)
                .database(DatabaseEngine.scaled(DatabaseEngine.Kind.RDS_MULTI_AZ_CLUSTER))
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "20", "SHOP_DB_POOL_SIZE", "2", "SHOP_HTTP_THREADS", "4"))
                .eventLog(events).start()) {
            Instant began = Instant.now();
            Database db = platform.database();
            assertThat(db.readerZones()).hasSize(2).doesNotContain(db.writerZone());
            Map<Integer, Long> before = productScansPerReader(db);

            HttpClient client = HttpClient.newHttpClient();
            // Rounds of requests at once, so that each task's pool uses more than one connection;
            // few enough that no task's request queue overflows.
            for (int round = 0; round < 4; round++) {
                List<CompletableFuture<HttpResponse<Void>>> replies = new ArrayList<>();
                for (int i = 0; i < 12; i++) {
                    replies.add(client.sendAsync(HttpRequest.newBuilder(URI.create(platform.url() + "/products")).build(),
                            HttpResponse.BodyHandlers.discarding()));
                }
                assertThat(replies).allSatisfy(reply -> assertThat(reply.join().statusCode()).isEqualTo(200));
            }

            // The statistics collector reports a moment after each transaction.
            // A pool keeps the connections it opened, and the reader endpoint spreads connections when they
            // are made (as on AWS, not queries); the platform starts the tasks once both readers are ready, so
            // each reader holds some of the shop's connections, and the readers served the reads.
            await("the readers served the catalogue reads").atMost(Duration.ofSeconds(30)).until(() ->
                    total(productScansPerReader(db)) >= total(before) + 48);
            assertThat(shopConnectionsPerReader(db).values()).as("shop connections on each reader")
                    .allSatisfy(count -> assertThat(count).isPositive());
            MetricQuery readers = new MetricQuery(PlatformMetrics.PLATFORM, "ReaderCount",
                    Map.of("DBClusterIdentifier", Database.CLUSTER_ID), Statistic.MAXIMUM, Duration.ofSeconds(1));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    platform.metrics().fetch(readers, began, Instant.now().plusSeconds(1)).max().orElse(0) == 2.0);
        }
    }

    private static long total(Map<Integer, Long> perReader) {
        return perReader.values().stream().mapToLong(Long::longValue).sum();
    }

    /** The shop's connections on each reader, by the reader's port. */
    private static Map<Integer, Long> shopConnectionsPerReader(Database db) throws SQLException {
        return perReader(db, "(SELECT count(*) FROM pg_stat_activity WHERE application_name LIKE 'gameday-shop %')");
    }

    /** Scans of {@code products} on each reader, by the reader's port. */
    private static Map<Integer, Long> productScansPerReader(Database db) throws SQLException {
        return perReader(db, "(SELECT coalesce(sum(seq_scan + coalesce(idx_scan, 0)), 0) FROM pg_stat_user_tables"
                + " WHERE relname = 'products')");
    }

    /** {@code value} asked of each reader, by the reader's port (connections through the endpoint take turns). */
    private static Map<Integer, Long> perReader(Database db, String value) throws SQLException {
        Map<Integer, Long> scans = new HashMap<>();
        for (int i = 0; i < 10 && scans.size() < 2; i++) {
            try (Connection c = DriverManager.getConnection(db.readerUrl(A).orElseThrow(), db.user(), db.password());
                 Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT current_setting('port')::int, pg_is_in_recovery(), " + value)) {
                rs.next();
                assertThat(rs.getBoolean(2)).as("a reader-endpoint connection lands on a standby").isTrue();
                scans.put(rs.getInt(1), rs.getLong(3));
            }
        }
        assertThat(scans).hasSize(2);
        return scans;
    }
}
