package dev.gameday.shop;

import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The process contract the local platform relies on: READY line, SIGTERM drain, stdin watch, exit codes. */
class ShopProcessTest {

    static EmbeddedPostgres pg;

    @BeforeAll
    static void startDatabase() throws IOException {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        if (pg != null) pg.close();
    }

    static Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("SHOP_PORT", "0");
        env.put("SHOP_DB_URL", pg.getJdbcUrl("postgres", "postgres"));
        env.put("SHOP_DB_USER", "postgres");
        env.put("SHOP_DB_PASSWORD", "");
        env.put("SHOP_ZONE", "local-1b");
        env.put("SHOP_TASK_ID", "proc-1");
        env.put("SHOP_SEED_PRODUCTS", "100");
        env.put("SHOP_HTTP_THREADS", "8");
        env.put("SHOP_DB_POOL_SIZE", "4");
        return env;
    }

    @Test
    void sigterm_finishes_the_request_in_flight_refuses_new_connections_and_exits_0() throws Exception {
        Map<String, String> env = env();
        env.put("SHOP_DRAIN_TIMEOUT", "PT30S");
        try (ShopProcess shop = ShopProcess.launch(env)) {
            await().atMost(ofSeconds(60)).until(() -> shop.readyPort() > 0 || !shop.process.isAlive());
            int port = shop.readyPort();
            assertThat(port).as(shop.toString()).isPositive();
            assertThat(shop.stdout).as("stdout carries only the READY line").hasSize(1);
            Http http = new Http(URI.create("http://localhost:" + port));
            assertThat(http.get("/health", null).json().get("zone").asText()).isEqualTo("local-1b");
            String token = http.newShopper("slow@example.com");
            assertThat(http.put("/cart/items/5", Map.of("quantity", 1), token).status()).isEqualTo(200);

            // Hold product 5's row lock so the checkout stalls inside the shop: a real slow request.
            try (Connection lock = pg.getPostgresDatabase().getConnection()) {
                lock.setAutoCommit(false);
                try (Statement s = lock.createStatement()) {
                    s.execute("SELECT * FROM products WHERE id = 5 FOR UPDATE");
                }
                CompletableFuture<Http.Reply> checkout = CompletableFuture.supplyAsync(
                        () -> http.post("/orders", null, token, "Idempotency-Key", "drain-1"));
                await().atMost(ofSeconds(20)).untilAsserted(() ->
                        assertThat(waitingOnLocks()).as(() -> activity() + shop + checkout).isPositive());

                // SIGTERM, as ECS StopTask sends. Not Process.destroy(): that also closes our ends
                // of the child's pipes, and we want to read what it says while draining.
                shop.process.toHandle().destroy();
                await().atMost(ofSeconds(20)).untilAsserted(() ->
                        assertThat(shop.stderrContains("draining in-flight requests")).as(shop::toString).isTrue());
                await().atMost(ofSeconds(20)).until(() -> refused(port));
                assertThat(checkout).isNotDone();

                lock.commit();
                Http.Reply reply = checkout.get();
                assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
            }
            await().atMost(ofSeconds(30)).until(() -> !shop.process.isAlive());
            assertThat(shop.process.exitValue()).as(shop.toString()).isZero();
            assertThat(shop.stderrContains("shop: stopped")).as(shop::toString).isTrue();
            assertThat(count("SELECT count(*) FROM orders WHERE idempotency_key = 'drain-1'")).isEqualTo(1);
        }
    }

    @Test
    void the_shop_exits_when_its_standard_input_closes() throws Exception {
        Map<String, String> env = env();
        env.put("SHOP_WATCH_STDIN", "true");
        env.put("SHOP_DRAIN_TIMEOUT", "PT1S");
        try (ShopProcess shop = ShopProcess.launch(env)) {
            await().atMost(ofSeconds(60)).until(() -> shop.readyPort() > 0 || !shop.process.isAlive());
            assertThat(shop.readyPort()).as(shop.toString()).isPositive();
            shop.process.getOutputStream().close();
            await().atMost(ofSeconds(30)).until(() -> !shop.process.isAlive());
            assertThat(shop.process.exitValue()).as(shop.toString()).isZero();
        }
    }

    @Test
    void a_client_too_slow_to_send_its_request_is_cut_off_and_the_shop_serves_on() throws Exception {
        Map<String, String> env = env();
        // The JDK server reads its request time limit once per JVM: a child JVM gets a short one.
        env.put("SHOP_REQUEST_TIMEOUT", "PT1S");
        try (ShopProcess shop = ShopProcess.launch(env)) {
            await().atMost(ofSeconds(60)).until(() -> shop.readyPort() > 0 || !shop.process.isAlive());
            int port = shop.readyPort();
            assertThat(port).as(shop.toString()).isPositive();
            // Headers never finished, and a body announced but never sent: both hold a worker until cut off.
            for (String stalled : new String[] {
                    "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ",
                    "POST /users HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 50\r\n\r\n{\"email\""}) {
                try (Socket client = new Socket("127.0.0.1", port)) {
                    client.getOutputStream().write(stalled.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    client.getOutputStream().flush();
                    // A bound on the wait, not a timing assertion: the shop must close well before this.
                    client.setSoTimeout(30_000);
                    assertThat(closedByPeer(client)).as("connection closed by the shop: " + stalled).isTrue();
                }
            }
            assertThat(new Http(URI.create("http://127.0.0.1:" + port)).get("/health", null).status()).isEqualTo(200);
        }
    }

    /** Reads until the peer closes (end of stream or reset); a read timeout means it never did. */
    private static boolean closedByPeer(Socket socket) throws IOException {
        try {
            while (socket.getInputStream().read() >= 0) {
                // whatever the shop said (a 400 for the cut-off body) before closing
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException reset) {
            return true;
        }
    }

    @Test
    void bad_configuration_exits_2_naming_the_variable() throws Exception {
        Map<String, String> missing = env();
        missing.remove("SHOP_DB_URL");
        Map<String, String> malformed = env();
        malformed.put("SHOP_DRAIN_TIMEOUT", "ten seconds");
        for (var c : Map.of("SHOP_DB_URL", missing, "SHOP_DRAIN_TIMEOUT", malformed).entrySet()) {
            try (ShopProcess shop = ShopProcess.launch(c.getValue())) {
                await().atMost(ofSeconds(30)).until(() -> !shop.process.isAlive());
                assertThat(shop.process.exitValue()).as(shop.toString()).isEqualTo(2);
                await().atMost(ofSeconds(5)).until(() -> shop.stderrContains(c.getKey()));
                assertThat(shop.stdout).isEmpty();
            }
        }
    }

    static boolean refused(int port) {
        try (Socket s = new Socket("localhost", port)) {
            return false;
        } catch (ConnectException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static long waitingOnLocks() throws Exception {
        return count("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                + "AND application_name LIKE 'gameday-shop%'");
    }

    static String activity() {
        try {
            return activity0();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static String activity0() throws Exception {
        StringBuilder b = new StringBuilder();
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT application_name, state, wait_event_type, query FROM pg_stat_activity")) {
            while (rs.next()) b.append(rs.getString(1)).append('|').append(rs.getString(2)).append('|').append(rs.getString(3)).append('|').append(rs.getString(4)).append('\n');
        }
        return b.toString();
    }

    static long count(String sql) throws Exception {
        try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
