package dev.gameday.platform.database;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that inserts rows one by one into {@code ledger} through a writer endpoint, reconnecting
 * after a failure, and records which inserts were acknowledged — the evidence that no acknowledged
 * commit is lost across a failover.
 */
final class LedgerWriter implements AutoCloseable {

    final Set<Integer> acknowledged = ConcurrentHashMap.newKeySet();
    final AtomicInteger attempts = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;
    private volatile int lastAcknowledgedAttempt = -1;

    /** Starts writing through {@code url} (a writer endpoint's JDBC URL). */
    LedgerWriter(Database db, String url) {
        thread = new Thread(() -> {
            Connection c = null;
            while (running) {
                int id = attempts.incrementAndGet();
                try {
                    if (c == null) {
                        c = DriverManager.getConnection(url + "?connectTimeout=2&socketTimeout=5", db.user(), db.password());
                    }
                    try (Statement s = c.createStatement()) {
                        s.execute("INSERT INTO ledger VALUES (" + id + ")");
                    }
                    acknowledged.add(id);
                    lastAcknowledgedAttempt = id;
                } catch (SQLException e) {
                    closeQuietly(c);
                    c = null;
                    pause();
                }
            }
            closeQuietly(c);
        }, "test-writer");
        thread.setDaemon(true);
        thread.start();
    }

    /** Whether an insert attempted after {@code attempt} was acknowledged. */
    boolean acknowledgedAfter(int attempt) {
        return lastAcknowledgedAttempt > attempt;
    }

    static void createLedger(Database db) throws SQLException {
        try (Connection c = db.writerConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ledger (id int PRIMARY KEY)");
        }
    }

    /** The ids in {@code ledger} as {@code connection} sees them. */
    static Set<Integer> ledger(Connection connection) throws SQLException {
        Set<Integer> present = new HashSet<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM ledger")) {
            while (rs.next()) {
                present.add(rs.getInt(1));
            }
        }
        return present;
    }

    static void assertEveryAcknowledgedCommitIsThere(Database db, Set<Integer> acknowledged) throws SQLException {
        Set<Integer> present;
        try (Connection c = db.writerConnection()) {
            present = ledger(c);
        }
        assertThat(acknowledged).isNotEmpty();
        assertThat(present).as("acknowledged commits on the new writer").containsAll(acknowledged);
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(100); // a client's back-off between reconnects, not a synchronisation
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(15_000);
    }
}
