package dev.gameday.shop.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import dev.gameday.shop.ShopConfig;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/**
 * A connection pool to one database endpoint — the writer endpoint, or the reader endpoint catalogue
 * reads use when the database has one ({@link #reader}) — with short timeouts so that a writer
 * failover shows up as failed requests for a few seconds (503) and then heals by reconnecting, never
 * needing a restart.
 */
public final class ShopDataSource implements AutoCloseable {

    /** Work done with a connection. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws Exception;
    }

    private final HikariDataSource dataSource;

    /** The pool to the writer endpoint. */
    public ShopDataSource(ShopConfig config) {
        this(config, "shop-db", config.dbUrl());
    }

    /**
     * The pool catalogue reads use: the reader endpoint's when the configuration names one (so the
     * database's readers carry real traffic), else the writer's pool {@code writer} itself.
     */
    public static ShopDataSource reader(ShopConfig config, ShopDataSource writer) {
        return config.dbReaderUrl() == null ? writer : new ShopDataSource(config, "shop-db-reader", config.dbReaderUrl());
    }

    private ShopDataSource(ShopConfig config, String poolName, String url) {
        HikariConfig hc = new HikariConfig();
        hc.setPoolName(poolName);
        hc.setJdbcUrl(url);
        hc.setUsername(config.dbUser());
        hc.setPassword(config.dbPassword());
        hc.setMaximumPoolSize(config.dbPoolSize());
        hc.setMinimumIdle(Math.min(2, config.dbPoolSize()));
        // A request waits at most 2 s for a connection: during a failover it fails fast with 503
        // rather than piling up threads behind a dead writer.
        hc.setConnectionTimeout(2_000);
        hc.setValidationTimeout(1_000);
        hc.setKeepaliveTime(30_000);
        // Don't fail construction when the database is briefly away: start-up retries instead.
        hc.setInitializationFailTimeout(-1);
        // Driver-level timeouts: connect fast, and never hang forever on a blackholed socket
        // (a zone losing connectivity drops packets rather than resetting connections).
        hc.addDataSourceProperty("connectTimeout", "2");
        hc.addDataSourceProperty("socketTimeout", "15");
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", "gameday-shop " + config.taskId());
        // A connection that answers "read-only transaction" points at a node that is no longer the
        // writer (a demoted primary after failover): drop it so the next one goes to the new writer.
        hc.setExceptionOverride(new SQLExceptionOverride() {
            @java.lang.Override
            public SQLExceptionOverride.Override adjudicate(SQLException e) {
                return "25006".equals(e.getSQLState())
                        ? SQLExceptionOverride.Override.MUST_EVICT
                        : SQLExceptionOverride.Override.CONTINUE_EVICT;
            }
        });
        this.dataSource = new HikariDataSource(hc);
    }

    /** Runs {@code work} with an auto-commit connection. */
    public <T> T withConnection(Work<T> work) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(Work<T> work) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (Throwable t) {
                try {
                    c.rollback();
                } catch (SQLException rollbackFailed) {
                    t.addSuppressed(rollbackFailed);
                }
                throw t;
            } finally {
                try {
                    c.setAutoCommit(true);
                } catch (SQLException ignored) {
                    // the connection is broken; Hikari evicts it
                }
            }
        }
    }

    public HikariPoolMXBean pool() {
        return dataSource.getHikariPoolMXBean();
    }

    /**
     * Whether a failure means "the database is not there right now" (503) rather than a bug (500):
     * pool timeouts, connection-class SQL states, shutdown, read-only (a demoted writer) and
     * transaction aborts that a retry would fix.
     */
    public static boolean isUnavailable(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SQLTransientConnectionException) {
                return true;
            }
            if (c instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("57P") || state.equals("53300")
                        || state.equals("25006") || state.equals("40001") || state.equals("40P01"))) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void close() {
        dataSource.close();
    }
}
