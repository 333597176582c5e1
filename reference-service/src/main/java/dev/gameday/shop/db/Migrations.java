package dev.gameday.shop.db;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the shared database to the current schema. Several tasks start together against one
 * database, so everything here runs under one PostgreSQL advisory lock, and so does the one-off
 * set-up passed in (seeding the catalogue, creating the signing key).
 */
public final class Migrations {

    /** The advisory lock id every shop task agrees on ("gameday" on a phone keypad). */
    public static final long LOCK_ID = 4_263_329L;

    /** Versioned scripts in order; a new script is appended here, never edited once shipped. */
    private static final List<String> SCRIPTS = List.of("V1__schema.sql", "V2__external_identities.sql",
            "V3__idempotency_fingerprint.sql");

    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** One-off work that must happen exactly once across all tasks. */
    @FunctionalInterface
    public interface SetUp {
        void run(Connection connection) throws Exception;
    }

    private Migrations() {
    }

    /** Takes the lock, applies the missing scripts, runs {@code setUp}, releases the lock. */
    public static void migrate(ShopDataSource db, SetUp setUp) throws Exception {
        db.withConnection(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("SELECT pg_advisory_lock(" + LOCK_ID + ")");
            }
            try {
                apply(c);
                c.setAutoCommit(false);
                try {
                    setUp.run(c);
                    c.commit();
                } catch (Exception e) {
                    c.rollback();
                    throw e;
                } finally {
                    c.setAutoCommit(true);
                }
            } finally {
                try (Statement s = c.createStatement()) {
                    s.execute("SELECT pg_advisory_unlock(" + LOCK_ID + ")");
                }
            }
            return null;
        });
    }

    private static void apply(Connection c) throws Exception {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS shop_schema_version ("
                    + "version int PRIMARY KEY, script text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
        }
        for (int i = 0; i < SCRIPTS.size(); i++) {
            int version = i + 1;
            String script = SCRIPTS.get(i);
            boolean applied;
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM shop_schema_version WHERE version = ?")) {
                ps.setInt(1, version);
                try (ResultSet rs = ps.executeQuery()) {
                    applied = rs.next();
                }
            }
            if (applied) {
                continue;
            }
            c.setAutoCommit(false);
            try (Statement s = c.createStatement();
                 PreparedStatement mark = c.prepareStatement("INSERT INTO shop_schema_version(version, script) VALUES (?, ?)")) {
                s.execute(read(script));
                mark.setInt(1, version);
                mark.setString(2, script);
                mark.executeUpdate();
                c.commit();
                log.info("applied schema script {}", script);
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    private static String read(String script) throws IOException {
        try (InputStream in = Migrations.class.getResourceAsStream(script)) {
            if (in == null) {
                throw new IllegalStateException("schema script missing from the classpath: " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
