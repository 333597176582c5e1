package dev.gameday.platform.database;

import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.fault.LocalFaultInjector;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static dev.gameday.platform.fault.TestExperiments.validated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An {@code aws:rds:failover-db-cluster} experiment against the real thing: a PostgreSQL writer
 * with a synchronous standby, crashed and failed over while the shop keeps its endpoint.
 */
class DatabaseFailoverTest {

    private static final Zone A = new Zone("local-1a");
    private static final Zone B = new Zone("local-1b");

    @Test
    void failoverPromotesTheSynchronousStandbyKeepsEveryCommitAndTheShopFollowsTheEndpoint() throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (LocalPlatform platform = LocalPlatform.builder().zones(2).tasksPerZone(1).queue(false)
                .failoverDelay(Duration.ofMillis(500))
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "20", "SHOP_DB_POOL_SIZE", "2", "SHOP_HTTP_THREADS", "4"))
                .eventLog(events).start()) {
            Database db = platform.database();
            assertThat(db.writerZone()).isEqualTo(A);
            assertThat(db.standbyZone()).isEqualTo(B);
            try (Connection c = connect(db, A); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE ledger (id int PRIMARY KEY)");
                s.execute("INSERT INTO ledger SELECT generate_series(1, 20)");
            }

            String template = """
                    {
                      "description": "fail the shop's database over",
                      "targets": {"cluster": {"resourceType": "aws:rds:cluster",
                                              "resourceArns": ["arn:aws:rds:local:000000000000:cluster:gameday-db"]}},
                      "actions": {"failover": {"actionId": "aws:rds:failover-db-cluster", "targets": {"Clusters": "cluster"}}},
                      "stopConditions": [{"source": "none"}],
                      "roleArn": "arn:aws:iam::000000000000:role/fis"
                    }
                    """;
            try (LocalFaultInjector injector = new LocalFaultInjector(platform)) {
                RunningExperiment experiment = injector.start(
                        validated("rds-failover", template));
                await().atMost(Duration.ofSeconds(60)).until(() -> experiment.state().status().isFinal());
                assertThat(experiment.state().status()).as(String.valueOf(experiment.state().reason()))
                        .isEqualTo(ExperimentStatus.COMPLETED);
            }
            assertThat(db.writerZone()).isEqualTo(B);
            assertThat(events.events(e -> e.type().equals("db.failover.completed"))).hasSize(1);

            // Every acknowledged commit survived, and the endpoint now takes writes on the new writer.
            try (Connection c = connect(db, A); Statement s = c.createStatement()) {
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM ledger")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(20);
                }
                s.execute("INSERT INTO ledger VALUES (21)");
            }
            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(30)).until(() -> client.send(
                    HttpRequest.newBuilder(URI.create(platform.url() + "/products")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);

            // A new standby is rebuilt where the old writer was, ready for the next failover.
            await().atMost(Duration.ofSeconds(60)).until(() -> A.equals(db.standbyZone()));
        }
    }

    private static Connection connect(Database db, Zone zone) throws Exception {
        return DriverManager.getConnection(db.writerUrl(zone), db.user(), db.password());
    }
}
