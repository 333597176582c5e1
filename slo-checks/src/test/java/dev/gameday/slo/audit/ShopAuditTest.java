package dev.gameday.slo.audit;

import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.shop.Shop;
import dev.gameday.shop.ShopConfig;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The audit client against the real shop, its orders written straight into its database. */
class ShopAuditTest {

    private static final String TOKEN = "admin-secret";
    private static final Instant SINCE = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant FETCHED = Instant.parse("2026-11-23T12:05:00Z");

    private static EmbeddedPostgres pg;
    private static Shop shop;

    @TempDir
    Path runs;

    @BeforeAll
    static void startShop() throws Exception {
        pg = EmbeddedPostgres.builder().start();
        shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                .seedProducts(1).adminToken(TOKEN).build());
        try (Connection c = pg.getPostgresDatabase().getConnection()) {
            long alice = user(c, "alice@gameday.test");
            long bob = user(c, "bob@gameday.test");
            order(c, alice, "before-the-run", SINCE.minusSeconds(60));
            order(c, alice, "key-1", SINCE.plusSeconds(1));
            order(c, bob, "key-1", SINCE.plusSeconds(2)); // same key, another account: the shop's constraint allows it
        }
    }

    @AfterAll
    static void stopShop() throws Exception {
        if (shop != null) {
            shop.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    @Test
    void fetches_the_orders_since_the_run_started_and_saves_them_in_the_run_directory() throws Exception {
        RunDirectory run = RunDirectory.create(runs, "audit", SINCE);
        AuditedOrders fetched = ShopAudit.of(shop.baseUrl(), TOKEN)
                .withClock(Clock.fixed(FETCHED, ZoneOffset.UTC))
                .fetchInto(run, SINCE);

        assertThat(fetched.since()).isEqualTo(SINCE);
        assertThat(fetched.fetchedAt()).isEqualTo(FETCHED);
        assertThat(fetched.items()).extracting(AuditedOrder::idempotencyKey).containsExactly("key-1", "key-1");
        AuditedOrder first = fetched.items().get(0);
        assertThat(first.status()).isEqualTo("PLACED");
        assertThat(first.createdAt()).isEqualTo(SINCE.plusSeconds(1));
        assertThat(first.total()).isEqualByComparingTo(new BigDecimal("9.99"));
        assertThat(first.id()).isNotBlank();
        assertThat(fetched.items()).extracting(AuditedOrder::userId).doesNotHaveDuplicates();

        assertThat(Files.exists(run.root().resolve("audit/orders.json"))).isTrue();
        assertThat(AuditedOrders.read(run.auditedOrders())).contains(fetched);
        // The saved file is what an order-integrity SLO judges: with key-1 acknowledged, it finds the duplicate.
        Files.writeString(run.orders(), OrderLedgerFile.line(OrderAuditTest.acknowledged("key-1", first.id())) + "\n");
        assertThat(OrderEvidence.read(run).result()).hasValueSatisfying(r -> {
            assertThat(r.duplicatedKeys()).containsExactly("key-1");
            assertThat(r.lost()).isZero();
        });
    }

    @Test
    void a_wrong_token_is_refused_without_retrying() {
        assertThatThrownBy(() -> ShopAudit.of(shop.baseUrl(), "not-the-token").fetch(SINCE))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("/admin/audit/orders?since=2026-11-23T12%3A00%3A00Z")
                .hasMessageContaining("refused: HTTP 401");
    }

    @Test
    void the_admin_token_is_never_sent_over_plain_http_off_this_machine() {
        assertThatThrownBy(() -> ShopAudit.of(URI.create("http://shop.example.com"), TOKEN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("plain http off this machine: the admin token would cross the network in clear");
    }

    @Test
    void a_shop_without_an_admin_token_cannot_be_audited() {
        assertThatThrownBy(() -> ShopAudit.of(shop.baseUrl(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no admin token");
    }

    @Test
    void a_run_without_an_audit_file_has_no_audited_orders() {
        RunDirectory run = RunDirectory.create(runs, "no-audit", SINCE);
        assertThat(AuditedOrders.read(run.auditedOrders())).isEmpty();
        assertThat(OrderEvidence.read(run).result()).isEmpty();
    }

    private static long user(Connection c, String email) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO users (email, name, password_hash) VALUES (?, ?, 'x') RETURNING id")) {
            ps.setString(1, email);
            ps.setString(2, email);
            var rs = ps.executeQuery();
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void order(Connection c, long user, String key, Instant createdAt) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO orders (user_id, idempotency_key, status, total, created_at) VALUES (?, ?, 'PLACED', 9.99, ?)")) {
            ps.setLong(1, user);
            ps.setString(2, key);
            ps.setTimestamp(3, Timestamp.from(createdAt));
            ps.executeUpdate();
        }
    }
}
