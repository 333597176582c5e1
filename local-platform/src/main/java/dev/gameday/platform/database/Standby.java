package dev.gameday.platform.database;

import dev.gameday.platform.network.TcpForwarder;
import dev.gameday.platform.zone.Zone;

import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * One standby of the cluster: a PostgreSQL server streaming from the writer through an edge of its
 * own zone ({@code replication}), known to the writer by {@code name} (its {@code application_name},
 * as {@code synchronous_standby_names} lists it). It is <em>ready</em> once it is in the writer's
 * synchronous quorum: only then does it count as a standby, serve reads (when the engine's are
 * readable) or stand for promotion.
 */
final class Standby {

    private final String name;
    private final Zone zone;
    private final PostgresServer server;
    private final TcpForwarder replication;
    private volatile boolean ready;

    Standby(String name, Zone zone, PostgresServer server, TcpForwarder replication) {
        this.name = Objects.requireNonNull(name, "name");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.server = Objects.requireNonNull(server, "server");
        this.replication = Objects.requireNonNull(replication, "replication");
    }

    String name() {
        return name;
    }

    Zone zone() {
        return zone;
    }

    PostgresServer server() {
        return server;
    }

    /** Its path to the writer: an edge of its zone, redirected when it follows a new writer. */
    TcpForwarder replication() {
        return replication;
    }

    /** Where clients reach it directly (the reader endpoints' upstream). */
    InetSocketAddress address() {
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    boolean isReady() {
        return ready;
    }

    void ready(boolean ready) {
        this.ready = ready;
    }
}
