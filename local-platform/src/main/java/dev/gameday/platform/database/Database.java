package dev.gameday.platform.database;

import dev.gameday.core.event.EventLog;
import dev.gameday.platform.metrics.ResourceNames;
import dev.gameday.platform.network.TcpForwarder;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.zone.Zone;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.sql.DriverManager;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The platform's database cluster ({@code gameday-db}), shaped like RDS Multi-AZ: an embedded
 * PostgreSQL writer in the first zone, its standbys in the others (an instance's one non-readable
 * synchronous standby; a Multi-AZ DB cluster's two readable standbys, of which one must confirm each
 * commit; Aurora's replicas), one <em>writer endpoint</em> per zone — a platform-owned forwarder —
 * that tasks connect to, and for readable standbys one <em>reader endpoint</em> per zone spreading
 * new connections over the ready readers.
 * Because tasks only know the endpoint, a {@link #failover(String) failover} (crash the writer,
 * promote the standby, point the endpoints at it) is as invisible to them as an RDS DNS flip,
 * and a zone fault can cut one zone's path to the writer. Replication, too, passes through an
 * edge of the standby's zone, so cutting that zone off cuts the standby off.
 *
 * <p>Like RDS, the cluster watches itself ({@link ClusterMonitor}): a writer whose process is gone
 * or hung, or whose zone is cut off, for the {@linkplain DatabaseEngine#detectionTime() detection
 * time} is failed over without anyone asking ({@code db.writer.lost}, then {@code db.failover.*}
 * with reason {@code automatic}); a standby cut off is dropped so writes go on without it; and a
 * standby is only ever built in a healthy zone — with none, the cluster runs without one, says so
 * ({@code db.standby.unavailable}) and refuses a failover as RDS would.
 *
 * <p>Only the harness and its tasks may use it: the servers listen on 127.0.0.1 and on a Unix
 * socket in the platform's work directory (not {@code /tmp}), and every connection, replication
 * included, needs the superuser password generated for this cluster ({@code scram-sha-256};
 * zonky's default of trusting every local user would let anyone on the host run
 * {@code COPY … TO PROGRAM} and read the shop's signing key).
 */
public final class Database implements AutoCloseable {

    /** The cluster identifier, as RDS would name it. */
    public static final String CLUSTER_ID = "gameday-db";
    /** The cluster's ARN, as FIS resolves {@code aws:rds:cluster} targets to. */
    public static final String CLUSTER_ARN = "arn:aws:rds:" + Zone.REGION + ":000000000000:cluster:" + CLUSTER_ID;
    private static final String SOURCE = "platform";
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";
    private static final Duration SERVER_START = Duration.ofSeconds(60);
    /** How long closing waits for a standby build to notice and stop: a copy, then a server's fast shutdown. */
    private static final Duration BUILDER_STOP = Duration.ofSeconds(30);
    /** The longest Unix socket path the kernel takes ({@code sun_path}), less its terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;
    /** The cause of a writer that runs but does not answer: on a loaded host that may be slowness, so it needs longer. */
    static final String UNRESPONSIVE = "unresponsive";

    private final EmbeddedPostgres embedded;
    private final OrphanGuard embeddedGuard;
    private final Path postgresBinary;
    private final Map<String, String> settings;
    private final String password;
    private final Path socketDirectory;
    private final Path root;
    private final List<Zone> zones;
    private final Map<Zone, TcpForwarder> writerEndpoints;
    /** One reader endpoint per zone when the engine's standbys are readable; empty otherwise. */
    private final Map<Zone, TcpForwarder> readerEndpoints;
    private final ZoneNetwork network;
    private final EventLog events;
    private final DatabaseEngine engine;
    /** How many standbys the writer keeps: the engine's, at most one per zone other than the writer's. */
    private final int standbysWanted;
    private ClusterMonitor monitor;
    /** The writer when it is a server the platform runs itself (after a failover); null while zonky's is. */
    private PostgresServer writerServer;
    private Path writerDataDirectory;
    private volatile int writerPort;
    private Zone writerZone;
    /** The writer's postmaster, to tell a process gone from one that is merely slow. */
    private long writerPid;
    /**
     * The standbys attached to the writer, ready or catching up; changed under this object's lock,
     * read without it by the reader endpoints (which choose on the network's event loops).
     */
    private final List<Standby> standbys = new CopyOnWriteArrayList<>();
    /** Whose turn it is behind the reader endpoints. */
    private final AtomicInteger readerTurn = new AtomicInteger();
    /**
     * Where the next standby goes: a Multi-AZ instance waits for this zone (the old writer's); a
     * cluster or Aurora prefers it but takes any other healthy zone without a standby.
     */
    private Zone preferredZone;
    private boolean building;
    private Instant nextBuildAttempt = Instant.MIN;
    /** Why the cluster runs without a standby right now, as last announced; {@code null} when it has one. */
    private String standbyUnavailable;
    private volatile String lastBuildFailure;
    private int generation;
    private volatile boolean closed;
    /** The thread building a standby while {@code building}; closing waits for it. */
    private Thread builder;
    private volatile boolean failingOver;
    private boolean embeddedCrashed;

    private Database(EmbeddedPostgres embedded, OrphanGuard embeddedGuard, Path postgresBinary, Map<String, String> settings,
                     String password, Path socketDirectory, Path root, List<Zone> zones,
                     Map<Zone, TcpForwarder> writerEndpoints, Map<Zone, TcpForwarder> readerEndpoints, ZoneNetwork network,
                     EventLog events, DatabaseEngine engine, boolean standbyWanted) {
        this.network = network;
        this.password = password;
        this.socketDirectory = socketDirectory;
        this.embedded = embedded;
        this.embeddedGuard = embeddedGuard;
        this.postgresBinary = postgresBinary;
        this.settings = settings;
        this.root = root;
        this.zones = zones;
        this.writerEndpoints = writerEndpoints;
        this.readerEndpoints = readerEndpoints;
        this.events = events;
        this.engine = engine;
        this.standbysWanted = standbyWanted ? Math.min(engine.replicas(), zones.size() - 1) : 0;
        this.writerDataDirectory = root.resolve("db-primary");
        this.writerPort = embedded.getPort();
        this.writerPid = postmasterPid(writerDataDirectory);
        this.writerZone = zones.get(0);
        this.preferredZone = standbyWanted ? zones.get(1) : null;
    }

    /**
     * Starts the writer in the first zone, opens one writer endpoint per zone and, when
     * {@code standby} is set and there are two zones or more, the engine's standbys in the other zones
     * (one in the second for an instance; for a Multi-AZ DB cluster or Aurora one per other zone up to
     * the engine's count, readable, and one reader endpoint per zone spreading connections over them).
     *
     * @param maxConnections PostgreSQL's {@code max_connections}; every task holds a pool
     * @param root           where the servers keep their data (deleted when they stop)
     * @param engine         the RDS deployment imitated: how long a lost writer goes unnoticed and how
     *                       long the endpoints stay dark while the standby is promoted
     */
    public static Database start(List<Zone> zones, ZoneNetwork network, int maxConnections, Path root, boolean standby,
                                 DatabaseEngine engine, EventLog events) {
        Objects.requireNonNull(zones, "zones");
        if (zones.isEmpty()) {
            throw new IllegalArgumentException("a database needs at least one zone");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("max_connections", Integer.toString(maxConnections));
        // zonky turns this off for speed; an acknowledged order must mean a committed (and replicated) one here.
        settings.put("synchronous_commit", "on");
        settings.put("wal_level", "replica");
        settings.put("max_wal_senders", "10");
        settings.put("hot_standby", "on");
        // Keep enough WAL for a standby built from a copy to catch up by streaming.
        settings.put("wal_keep_size", "256MB");
        // A standby that lost its writer tries again soon (default 5 s): after a failover it follows the
        // new writer as soon as its replication edge points there.
        settings.put("wal_retrieve_retry_interval", "200ms");
        String password = ResourceNames.hex(32);
        Path socketDirectory = socketDirectory(root);
        Path passwordFile = passwordFile(root, password);
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setDataDirectory(root.resolve("db-primary"))
                .setCleanDataDirectory(true)
                // The platform's own shutdown hook closes the database, in order, after the tasks.
                .setRegisterShutdownHook(false)
                // zonky's initdb says -A trust; these later options win: the superuser gets a
                // password from the start, and no moment exists when the server trusts anyone.
                .setLocaleConfig("auth-local", "scram-sha-256")
                .setLocaleConfig("auth-host", "scram-sha-256")
                .setLocaleConfig("pwfile", passwordFile.toString())
                // zonky's own readiness check logs in too.
                .setConnectConfig("password", password)
                .setDataDirectoryCustomizer(data -> restrictAccess(data.toPath(), socketDirectory));
        settings.forEach(builder::setServerConfig);
        EmbeddedPostgres embedded;
        try {
            embedded = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the embedded PostgreSQL writer", e);
        } finally {
            deleteQuietly(passwordFile);
        }
        OrphanGuard guard = OrphanGuard.watch(root.resolve("db-primary"));
        Path binary = postmasterBinary(root.resolve("db-primary"));
        InetSocketAddress address = new InetSocketAddress("127.0.0.1", embedded.getPort());
        Map<Zone, TcpForwarder> endpoints = new LinkedHashMap<>();
        for (Zone zone : zones) {
            endpoints.put(zone, network.open("db-writer", zone, address));
        }
        Objects.requireNonNull(engine, "engine");
        boolean standbyWanted = standby && zones.size() > 1;
        Map<Zone, TcpForwarder> readers = new LinkedHashMap<>();
        if (standbyWanted && engine.kind().readable()) {
            for (Zone zone : zones) {
                readers.put(zone, network.open("db-reader", zone, address));
            }
        }
        Database database = new Database(embedded, guard, binary, Map.copyOf(settings), password, socketDirectory, root,
                List.copyOf(zones), Map.copyOf(endpoints), Map.copyOf(readers), network, events, engine, standbyWanted);
        // Like the reader endpoint's DNS name, each new connection gets one of the healthy readers.
        readers.values().forEach(endpoint -> endpoint.route(database::nextReader));
        events.emit(SOURCE, "db.writer.ready", Map.of("cluster", CLUSTER_ID, "zone", zones.get(0).name()));
        // The first standby is built beside the tasks' start-up (tasks need only the writer; see
        // awaitStandby()), and from then on the monitor keeps one.
        database.keepStandby();
        database.monitor = ClusterMonitor.start(database, engine.detectionTime());
        return database;
    }

    /**
     * A directory for the servers' Unix sockets inside the work directory, only the harness's user
     * may enter; {@code null} when its path would be too long for a socket (the servers then have
     * no Unix socket at all, and loopback TCP only).
     */
    private static Path socketDirectory(Path root) {
        Path directory = root.toAbsolutePath().resolve("db-socket");
        if (directory.toString().length() + "/.s.PGSQL.65535".length() > MAX_SOCKET_PATH) {
            return null;
        }
        try {
            Files.createDirectories(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
            return directory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the database socket directory " + directory, e);
        }
    }

    /** initdb reads the superuser's password from a file: one only the harness's user may read, deleted after. */
    private static Path passwordFile(Path root, String password) {
        Path file = root.toAbsolutePath().resolve("db-password-" + ResourceNames.hex(8));
        try {
            Files.createDirectories(root);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, password + "\n", StandardCharsets.US_ASCII);
            return file;
        } catch (IOException e) {
            deleteQuietly(file);
            throw new UncheckedIOException("cannot write the database password file in " + root, e);
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // the work directory is the run's; a leftover is found there
        }
    }

    /**
     * Before the writer first starts: every connection needs the password (SCRAM), on the socket
     * and on loopback TCP alike, and the server listens nowhere else. Standbys are copies of this
     * directory and inherit it.
     */
    private static void restrictAccess(Path data, Path socketDirectory) {
        String hba = """
                # Written by the gameday platform: the cluster's password for everyone, replication
                # included, on the Unix socket and on loopback TCP; nothing else is accepted.
                local   all           all                         scram-sha-256
                host    all           all           127.0.0.1/32  scram-sha-256
                local   replication   all                         scram-sha-256
                host    replication   all           127.0.0.1/32  scram-sha-256
                """;
        String conf = "\n# gameday platform: reachable from this host only, and only with the password\n"
                + "listen_addresses = '127.0.0.1'\n"
                + "unix_socket_directories = '" + (socketDirectory == null ? "" : quoted(socketDirectory.toString())) + "'\n"
                + "password_encryption = 'scram-sha-256'\n";
        try {
            Files.writeString(data.resolve("pg_hba.conf"), hba, StandardCharsets.UTF_8);
            Files.writeString(data.resolve("postgresql.conf"), conf, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restrict access to the database in " + data, e);
        }
    }

    /** A value inside single quotes in postgresql.conf or a conninfo string. */
    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    /** The {@code postgres} binary zonky extracted, found from the running postmaster. */
    private static Path postmasterBinary(Path dataDirectory) {
        long pid = postmasterPid(dataDirectory);
        return ProcessHandle.of(pid).flatMap(p -> p.info().command()).map(Path::of)
                .orElseThrow(() -> new IllegalStateException("cannot find the postgres binary of pid " + pid));
    }

    private static long postmasterPid(Path dataDirectory) {
        try {
            return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read postmaster.pid in " + dataDirectory, e);
        }
    }

    /** The pid in postmaster.pid, or {@code absent} when there is none (a server that is gone). */
    private static long postmasterPid(Path dataDirectory, long absent) {
        try {
            return postmasterPid(dataDirectory);
        } catch (UncheckedIOException | NumberFormatException | IndexOutOfBoundsException e) {
            return absent;
        }
    }

    /** The JDBC URL a task in {@code zone} uses: its zone's writer endpoint. */
    public String writerUrl(Zone zone) {
        return "jdbc:postgresql://127.0.0.1:" + writerEndpoint(zone).port() + "/" + DATABASE;
    }

    /**
     * The JDBC URL of {@code zone}'s reader endpoint, when the engine's standbys are readable (a
     * Multi-AZ DB cluster, Aurora): each new connection goes to one of the ready readers outside an
     * impaired zone, in turn, or to the writer while there is none (as Aurora's reader endpoint does).
     */
    public Optional<String> readerUrl(Zone zone) {
        TcpForwarder endpoint = readerEndpoints.get(zone);
        return endpoint == null ? Optional.empty() : Optional.of("jdbc:postgresql://127.0.0.1:" + endpoint.port() + "/" + DATABASE);
    }

    /** The reader endpoint as seen from {@code zone}, when the engine has one. */
    public Optional<TcpForwarder> readerEndpoint(Zone zone) {
        return Optional.ofNullable(readerEndpoints.get(zone));
    }

    /** The upstream of a new reader-endpoint connection; runs on an event loop, so takes no lock. */
    private InetSocketAddress nextReader() {
        List<Standby> readers = readers();
        if (readers.isEmpty()) {
            return new InetSocketAddress("127.0.0.1", writerPort);
        }
        return readers.get(Math.floorMod(readerTurn.getAndIncrement(), readers.size())).address();
    }

    /** The standbys serving reads right now: ready, readable, and not in an impaired zone. */
    private List<Standby> readers() {
        if (readerEndpoints.isEmpty()) {
            return List.of();
        }
        return standbys.stream().filter(s -> s.isReady() && !network.isImpaired(s.zone())).toList();
    }

    /** The writer endpoint as seen from {@code zone}. */
    public TcpForwarder writerEndpoint(Zone zone) {
        TcpForwarder endpoint = writerEndpoints.get(zone);
        if (endpoint == null) {
            throw new IllegalArgumentException("no writer endpoint in zone " + zone + "; zones: " + writerEndpoints.keySet());
        }
        return endpoint;
    }

    public String user() {
        return USER;
    }

    /** The superuser password generated for this cluster: tasks get it, nobody else needs it. */
    public String password() {
        return password;
    }

    /** Where the servers' Unix sockets are, inside the work directory; {@code null} when they have none. */
    public Path socketDirectory() {
        return socketDirectory;
    }

    /** The zone the writer currently runs in. */
    public synchronized Zone writerZone() {
        return writerZone;
    }

    /**
     * Waits until the cluster has all its standbys in the writer's synchronous quorum — the first
     * ones, or those rebuilt after the last failover (at once when none was asked for).
     *
     * @throws IllegalStateException when they are not within {@code atMost}, with the reason
     */
    public void awaitStandby(Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (standbyCount() < standbysWanted) {
            if (Instant.now().isAfter(deadline)) {
                String why = lastBuildFailure != null ? "; last attempt: " + lastBuildFailure
                        : standbyUnavailable() != null ? ": " + standbyUnavailable() : "";
                throw new IllegalStateException("the database standby was not ready within " + atMost + why);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the database standby", e);
            }
        }
    }

    /** The engine the cluster imitates, with its timings. */
    public DatabaseEngine engine() {
        return engine;
    }

    /** How many standbys are in the writer's synchronous quorum right now. */
    public int standbyCount() {
        return (int) standbys.stream().filter(Standby::isReady).count();
    }

    /** How many standbys the cluster keeps when every zone is healthy (0 without standbys). */
    public int standbysWanted() {
        return standbysWanted;
    }

    /** How many readers serve the reader endpoints right now (0 for an engine without readable standbys). */
    public int readerCount() {
        return readers().size();
    }

    /** The zones of the standbys in the writer's synchronous quorum. */
    public List<Zone> standbyZones() {
        return standbys.stream().filter(Standby::isReady).map(Standby::zone).toList();
    }

    /** The zones of the readers serving the reader endpoints right now. */
    public List<Zone> readerZones() {
        return readers().stream().map(Standby::zone).toList();
    }

    /** Why the cluster runs without a standby while it should have one, or {@code null}. */
    public synchronized String standbyUnavailable() {
        return standbyUnavailable;
    }

    /** The pid of the writer's postmaster (what a host failure or {@code kill -9} takes away). */
    public synchronized long writerPid() {
        return writerPid;
    }

    /** The RDS-style id of the instance in {@code zone}, e.g. {@code gameday-db-local-1a}. */
    public static String instanceId(Zone zone) {
        return CLUSTER_ID + "-" + zone.name();
    }

    /** The id of the writer instance right now. */
    public String writerInstanceId() {
        return instanceId(writerZone());
    }

    /** The zone of the first standby attached (ready or catching up), or {@code null} when there is none (yet). */
    public Zone standbyZone() {
        List<Standby> attached = List.copyOf(standbys);
        return attached.isEmpty() ? null : attached.get(0).zone();
    }

    /** A direct connection to the writer, bypassing the endpoints: for the platform's own checks. */
    public synchronized Connection writerConnection() throws SQLException {
        return PostgresServer.connect(writerPort, password);
    }

    /**
     * What the cluster's monitoring sees right now.
     *
     * @param connections client connections on the writer
     * @param replicaLag  the largest replay lag of the standbys in seconds, {@code NaN} without a standby
     */
    public record Health(int connections, double replicaLag) {
    }

    /** Asks the writer for its connection count and its standby's lag (a short query, 2 s at most). */
    public Health health() {
        int port;
        synchronized (this) {
            port = writerPort;
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/postgres?connectTimeout=2&socketTimeout=2", USER, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'),"
                     + " (SELECT max(extract(epoch FROM coalesce(replay_lag, interval '0'))) FROM pg_stat_replication)")) {
            rs.next();
            double lag = rs.getDouble(2);
            return new Health(rs.getInt(1) - 1, rs.wasNull() ? Double.NaN : lag);
        } catch (SQLException e) {
            throw new IllegalStateException("the writer does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * Fails the cluster over as RDS does when its writer is lost: the writer crashes (immediate
     * shutdown), the writer endpoints go dark for the engine's failover time, the most up-to-date
     * standby outside an impaired zone is promoted and the endpoints follow it. The other standbys (a
     * Multi-AZ DB cluster's second reader, Aurora's other replicas) follow the new writer: their
     * replication edges are pointed at it and they switch to its timeline, rejoining its quorum. A
     * missing standby is then rebuilt in the background — for an instance in the zone the old writer
     * was in, once that zone is healthy. Blocks until the writer endpoints serve the new writer.
     *
     * <p>Why the most up-to-date: with a quorum of one among several standbys ({@code ANY 1}), an
     * acknowledged commit is on at least one of them, not necessarily on each; the standby that
     * received the most WAL has every acknowledged commit (RDS promotes the most current reader too).
     *
     * @param reason why: {@code automatic} when the cluster's own monitoring decided, else who asked
     * @throws IllegalStateException when there is no standby to fail over to, saying why
     */
    public void failover(String reason) {
        Instant began = Instant.now();
        Zone from;
        Standby chosen;
        synchronized (this) {
            List<Standby> candidates = standbys.stream().filter(s -> s.isReady() && !network.isImpaired(s.zone())).toList();
            if (candidates.isEmpty()) {
                throw new IllegalStateException("database " + CLUSTER_ID + " has no standby to fail over to"
                        + (zones.size() < 2 || standbysWanted == 0 ? " (a standby needs a second zone)"
                        : standbyUnavailable != null ? ": " + standbyUnavailable : " (it is being rebuilt)"));
            }
            failingOver = true;
            from = writerZone;
            writerEndpoints.values().forEach(TcpForwarder::blackhole);
            crashWriter();
            writerEndpoints.values().forEach(TcpForwarder::resetConnections);
            // Asked after the crash: no more WAL can reach any standby now.
            chosen = mostCurrent(candidates);
            events.emit(SOURCE, "db.failover.started", Map.of("cluster", CLUSTER_ID, "from", from.name(),
                    "to", chosen.zone().name(), "reason", reason));
        }
        List<Standby> followers;
        try {
            followers = promote(chosen, from, reason, began);
        } finally {
            failingOver = false;
        }
        for (Standby follower : followers) {
            Thread thread = new Thread(() -> follow(follower), "db-standby-follow");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** The candidate that received the most WAL; the first on a tie (or when none answers). */
    private Standby mostCurrent(List<Standby> candidates) {
        Standby best = candidates.get(0);
        long bestLsn = Long.MIN_VALUE;
        for (Standby candidate : candidates) {
            long lsn = receivedLsn(candidate);
            if (lsn > bestLsn) {
                best = candidate;
                bestLsn = lsn;
            }
        }
        return best;
    }

    /** The WAL position {@code standby} has received and flushed, as a number; -1 when it does not answer. */
    private long receivedLsn(Standby standby) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + standby.server().port()
                + "/postgres?connectTimeout=2&socketTimeout=2", USER, password);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(greatest(pg_last_wal_receive_lsn(),"
                     + " pg_last_wal_replay_lsn()), '0/0')::bigint")) {
            return rs.next() ? rs.getLong(1) : -1;
        } catch (SQLException e) {
            return -1;
        }
    }

    /** Promotes {@code chosen}; returns the other standbys, now pointed at it, to follow it. */
    private List<Standby> promote(Standby chosen, Zone from, String reason, Instant began) {
        try {
            Thread.sleep(engine.failoverTime().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            PostgresServer promoted = chosen.server();
            Zone to = chosen.zone();
            try (Connection c = promoted.connection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_promote(true, 60)");
                // The promoted copy still waits for the quorum of the writer it copied; its own
                // followers rejoin one by one once they stream from it.
                s.execute("ALTER SYSTEM SET synchronous_standby_names = ''");
                s.execute("SELECT pg_reload_conf()");
            } catch (SQLException e) {
                restoreEndpoints();
                throw new IllegalStateException("cannot promote the standby in " + to + ": " + e.getMessage(), e);
            }
            standbys.remove(chosen);
            network.close(chosen.replication());
            writerServer = promoted;
            writerDataDirectory = promoted.dataDirectory();
            writerPort = promoted.port();
            writerPid = promoted.pid();
            writerZone = to;
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", writerPort);
            List<Standby> followers = List.copyOf(standbys);
            for (Standby follower : followers) {
                // Out of the quorum (and off the reader endpoints) until it streams from the new writer.
                follower.ready(false);
                follower.replication().redirect(address);
                follower.replication().resetConnections();
            }
            writerEndpoints.values().forEach(endpoint -> endpoint.redirect(address));
            restoreEndpoints();
            events.emit(SOURCE, "db.failover.completed", Map.of("cluster", CLUSTER_ID, "writer", to.name(),
                    "reason", reason, "millis", Duration.between(began, Instant.now()).toMillis()));
            // A Multi-AZ instance's new standby goes where the old writer was, once that zone is healthy.
            preferredZone = from;
            return followers;
        }
    }

    /**
     * A standby left by a failover follows the new writer: its walreceiver reconnects through its
     * redirected edge and switches to the new timeline ({@code recovery_target_timeline = 'latest'},
     * PostgreSQL's default); once it streams it rejoins the quorum. One that cannot (it had WAL the
     * new writer never got, or its zone is cut) is dropped and rebuilt from a copy.
     */
    private void follow(Standby follower) {
        try {
            awaitStreaming(follower, SERVER_START);
            joinQuorum(follower);
            events.emit(SOURCE, "db.standby.following", Map.of("cluster", CLUSTER_ID, "zone", follower.zone().name(),
                    "writer", writerZone().name()));
            announceReady(follower);
        } catch (RuntimeException e) {
            if (!closed) {
                try {
                    dropStandby(follower.name(), "follow-failed");
                } catch (RuntimeException writerAway) {
                    // the writer does not answer either; the monitor sees to it
                }
            }
        }
    }

    /**
     * What is wrong with the writer right now, as RDS's monitoring would see it: {@code zone-impaired}
     * (its zone is cut off or powered down), {@code process-gone} (the postmaster died: a host
     * failure, {@code kill -9}), {@code process-hung} (stopped: {@code SIGSTOP}) or
     * {@link #UNRESPONSIVE} (running, but a login and {@code SELECT 1} did not answer within 5 s).
     *
     * @param probe whether to log in and ask (a new backend each time: not on every look)
     */
    Optional<String> writerProblem(boolean probe) {
        Zone zone;
        long pid;
        int port;
        synchronized (this) {
            zone = writerZone;
            pid = writerPid;
            port = writerPort;
        }
        if (network.isImpaired(zone)) {
            return Optional.of("zone-impaired");
        }
        if (!PostgresServer.isRunning(pid)) {
            return Optional.of("process-gone");
        }
        if (PostgresServer.isStopped(pid)) {
            return Optional.of("process-hung");
        }
        if (!probe) {
            return Optional.empty();
        }
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port
                + "/postgres?connectTimeout=5&loginTimeout=5&socketTimeout=5", USER, password);
             Statement s = c.createStatement()) {
            s.execute("SELECT 1");
            return Optional.empty();
        } catch (SQLException e) {
            return Optional.of(PostgresServer.isRunning(pid) ? UNRESPONSIVE : "process-gone");
        }
    }

    /**
     * What is wrong with each standby, by its name: {@code zone-impaired} when its zone is cut off
     * (so is its replication).
     */
    Map<String, String> standbyProblems() {
        Map<String, String> problems = new LinkedHashMap<>();
        for (Standby standby : standbys) {
            if (network.isImpaired(standby.zone())) {
                problems.put(standby.name(), "zone-impaired");
            }
        }
        return problems;
    }

    /** The monitor found the writer lost for the detection time: fail over, or say why it cannot. */
    void writerLost(String cause) {
        Zone zone = writerZone();
        events.emit(SOURCE, "db.writer.lost", Map.of("cluster", CLUSTER_ID, "zone", zone.name(),
                "instance", instanceId(zone), "cause", cause));
        try {
            failover("automatic");
        } catch (IllegalStateException e) {
            events.emit(SOURCE, "db.failover.failed", Map.of("cluster", CLUSTER_ID, "reason", "automatic",
                    "error", String.valueOf(e.getMessage())));
        }
    }

    /**
     * The monitor found a standby cut off for the detection time (or it could not be built or follow
     * a new writer): the writer stops waiting for it — writes go on with the other standbys of the
     * quorum, or without a standby, as on RDS — and a new one is built once a zone for it is healthy.
     */
    void dropStandby(String name, String cause) {
        Standby lost;
        synchronized (this) {
            lost = standbys.stream().filter(s -> s.name().equals(name)).findFirst().orElse(null);
            if (lost == null) {
                return;
            }
            standbys.remove(lost);
            lost.ready(false);
            network.close(lost.replication());
            try {
                applyQuorum(null);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot release the writer from its lost standby: " + e.getMessage(), e);
            }
            preferredZone = lost.zone();
        }
        events.emit(SOURCE, "db.standby.lost", Map.of("cluster", CLUSTER_ID, "zone", lost.zone().name(), "cause", cause));
        lost.server().close();
        keepStandby();
    }

    /**
     * Builds a missing standby, in the background, where the engine puts it — but never in an
     * impaired zone: while no zone for it is healthy the cluster runs short (an instance without a
     * standby) and says so once ({@code db.standby.unavailable}). One standby is built at a time: each
     * copy is taken in the writer's (exclusive) backup mode.
     */
    synchronized void keepStandby() {
        if (standbysWanted == 0 || closed || failingOver || building || standbys.size() >= standbysWanted
                || Instant.now().isBefore(nextBuildAttempt)) {
            return;
        }
        Placement placement = standbyPlacement();
        if (placement.zone() == null || network.isImpaired(writerZone)) {
            Zone zone = placement.zone() == null ? placement.waitingFor() : writerZone;
            String why = "zone " + zone.name() + " is impaired; " + (engine.kind() == DatabaseEngine.Kind.RDS_MULTI_AZ_INSTANCE
                    ? "the Multi-AZ standby is rebuilt in " + placement.waitingFor().name() + " once it is healthy"
                    : "a standby is rebuilt once a zone other than the writer's without one is healthy");
            if (!why.equals(standbyUnavailable)) {
                standbyUnavailable = why;
                events.emit(SOURCE, "db.standby.unavailable", Map.of("cluster", CLUSTER_ID, "zone", zone.name(),
                        "reason", why));
            }
            return;
        }
        building = true;
        Zone zone = placement.zone();
        builder = new Thread(() -> build(zone), "db-standby-build");
        builder.setDaemon(true);
        builder.start();
    }

    /** Where the next standby goes ({@code zone}, {@code null} when nowhere yet) and the zone it waits for. */
    private record Placement(Zone zone, Zone waitingFor) {
    }

    /**
     * Where the next standby goes: a Multi-AZ DB instance rebuilds it where it was wanted (the old
     * writer's zone) and waits for that zone; a Multi-AZ DB cluster or Aurora places it in any
     * healthy zone but the writer's that has none, preferring the one wanted.
     */
    private Placement standbyPlacement() {
        if (engine.kind() == DatabaseEngine.Kind.RDS_MULTI_AZ_INSTANCE) {
            return new Placement(network.isImpaired(preferredZone) ? null : preferredZone, preferredZone);
        }
        List<Zone> free = zones.stream().filter(z -> !z.equals(writerZone)
                && standbys.stream().noneMatch(s -> s.zone().equals(z))).toList();
        List<Zone> healthy = free.stream().filter(z -> !network.isImpaired(z)).toList();
        Zone chosen = healthy.contains(preferredZone) ? preferredZone : healthy.isEmpty() ? null : healthy.get(0);
        Zone waitingFor = free.contains(preferredZone) ? preferredZone : free.isEmpty() ? writerZone : free.get(0);
        return new Placement(chosen, waitingFor);
    }

    private void build(Zone zone) {
        String name = null;
        try {
            synchronized (this) {
                name = "standby_" + zone.name().replace('-', '_') + "_" + (++generation);
            }
            attachStandby(zone, name);
            lastBuildFailure = null;
        } catch (RuntimeException e) {
            lastBuildFailure = e.getMessage();
            if (!closed) {
                events.emit(SOURCE, "db.standby.failed", Map.of("cluster", CLUSTER_ID, "zone", zone.name(),
                        "error", String.valueOf(e.getMessage())));
            }
            synchronized (this) {
                nextBuildAttempt = Instant.now().plusSeconds(5);
            }
            if (name != null) {
                try {
                    dropStandby(name, "build-failed");
                } catch (RuntimeException ignored) {
                    // the writer is away; the monitor tries again
                }
            }
        } finally {
            synchronized (this) {
                building = false;
            }
        }
    }

    boolean isClosed() {
        return closed;
    }

    /**
     * Waits for a standby build still running when the cluster closes: it sees {@link #closed} at its
     * next step and stops what it started (a server still starting included), so nothing it made
     * outlives the platform. Bounded: a copy in progress finishes first.
     */
    private void awaitBuilder() {
        Thread running;
        synchronized (this) {
            running = building ? builder : null;
        }
        if (running == null) {
            return;
        }
        try {
            running.join(BUILDER_STOP.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    boolean isFailingOver() {
        return failingOver;
    }

    /** Ends the failover's darkness, except in a zone that a fault keeps dark on its own. */
    private void restoreEndpoints() {
        writerEndpoints.forEach((zone, endpoint) -> {
            if (!network.isImpaired(zone)) {
                endpoint.restore();
            }
        });
    }

    private void crashWriter() {
        if (writerServer != null) {
            writerServer.crash();
        } else {
            // Stop guarding a server that is gone, so the guard can never signal a reused pid.
            embeddedGuard.release();
            embeddedCrashed = true;
            PostgresServer.crash(ProcessHandle.of(writerPid));
        }
    }

    /**
     * Builds a standby in {@code zone} from a copy of the writer taken under backup mode, starts it
     * streaming from the writer, then makes it part of the writer's synchronous quorum.
     */
    private void attachStandby(Zone zone, String name) {
        Path copy;
        int primaryPort;
        TcpForwarder edge;
        synchronized (this) {
            primaryPort = writerPort;
            // The standby streams from the writer through its own zone's network, so a zone cut cuts it off.
            edge = network.open("db-replication", zone, new InetSocketAddress("127.0.0.1", primaryPort));
            copy = root.resolve("db-" + zone.name() + "-" + generation);
            try (Connection c = PostgresServer.connect(primaryPort, password); Statement s = c.createStatement()) {
                s.execute("SELECT pg_start_backup('" + name + "', true)");
                try {
                    copyDirectory(writerDataDirectory, copy);
                } finally {
                    s.execute("SELECT pg_stop_backup()");
                }
            } catch (SQLException e) {
                network.close(edge);
                throw new IllegalStateException("cannot take a base backup of the writer: " + e.getMessage(), e);
            }
        }
        try {
            Files.writeString(copy.resolve("standby.signal"), "");
            Files.writeString(copy.resolve("postgresql.auto.conf"), "\nprimary_conninfo = 'host=127.0.0.1 port=" + edge.port()
                    + " user=" + USER + " password=" + password + " application_name=" + name
                    + "'\nsynchronous_standby_names = ''\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            network.close(edge);
            throw new UncheckedIOException("cannot prepare the standby in " + copy, e);
        }
        PostgresServer server;
        try {
            server = PostgresServer.start(postgresBinary, copy, settings, password, SERVER_START, () -> closed);
        } catch (RuntimeException e) {
            network.close(edge);
            PostgresServer.deleteQuietly(copy); // its log, beside it, says why
            throw e;
        }
        Standby standby = new Standby(name, zone, server, edge);
        synchronized (this) {
            if (closed || primaryPort != writerPort) {
                // Closed meanwhile, or the writer it copied failed over: this standby follows nobody.
                server.close();
                network.close(edge);
                if (closed) {
                    return;
                }
                throw new IllegalStateException("the writer failed over while its standby was being built");
            }
            standbys.add(standby);
        }
        joinQuorum(standby);
        announceReady(standby);
    }

    /** Makes {@code standby} part of the writer's quorum and waits until the writer counts it. */
    private void joinQuorum(Standby standby) {
        synchronized (this) {
            if (!standbys.contains(standby)) {
                throw new IllegalStateException("the standby in " + standby.zone() + " was dropped");
            }
            try {
                applyQuorum(standby);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot make the standby synchronous: " + e.getMessage(), e);
            }
        }
        awaitSynchronous(standby.name());
        synchronized (this) {
            if (!standbys.contains(standby)) {
                throw new IllegalStateException("the standby in " + standby.zone() + " was dropped while it caught up");
            }
            standby.ready(true);
            standbyUnavailable = null;
        }
    }

    private void announceReady(Standby standby) {
        events.emit(SOURCE, "db.standby.ready", Map.of("cluster", CLUSTER_ID, "zone", standby.zone().name(),
                "writer", writerZone().name()));
        if (!readerEndpoints.isEmpty()) {
            events.emit(SOURCE, "db.reader.ready", Map.of("cluster", CLUSTER_ID, "zone", standby.zone().name(),
                    "instance", instanceId(standby.zone())));
        }
    }

    /**
     * Sets the writer's {@code synchronous_standby_names} to its quorum: every ready standby, and
     * {@code joining} (when not null). A commit waits for any one of them ({@code ANY 1}): an
     * instance's only standby, a Multi-AZ DB cluster's semi-synchronous readers. Empty: no standby to
     * wait for, so commits go through at once.
     */
    private void applyQuorum(Standby joining) throws SQLException {
        List<String> names = standbys.stream().filter(s -> s.isReady() || s == joining).map(Standby::name).toList();
        String value = names.isEmpty() ? "" : "ANY 1 (" + String.join(", ", names) + ")";
        try (Connection c = writerConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + value + "'");
            s.execute("SELECT pg_reload_conf()");
        }
    }

    /** Waits until the writer counts {@code name} in its synchronous quorum. */
    private void awaitSynchronous(String name) {
        awaitReplication(name, "sync_state IN ('sync', 'quorum')", SERVER_START, "become synchronous");
    }

    /** Waits until {@code standby} streams from the current writer. */
    private void awaitStreaming(Standby standby, Duration atMost) {
        awaitReplication(standby.name(), "state = 'streaming'", atMost, "stream from the new writer");
    }

    private void awaitReplication(String name, String condition, Duration atMost, String what) {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline) && !closed) {
            try (Connection c = writerConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT 1 FROM pg_stat_replication WHERE application_name = '"
                         + name + "' AND " + condition)) {
                if (rs.next()) {
                    return;
                }
                Thread.sleep(100);
            } catch (SQLException e) {
                // the writer may be restarting its configuration; try again
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        throw new IllegalStateException("the standby " + name + " did not " + what + " within " + atMost);
    }

    private static void copyDirectory(Path from, Path to) {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : (Iterable<Path>) paths::iterator) {
                Path relative = from.relativize(source);
                String name = relative.toString();
                // A copy must not look like a running server; the standby writes its own.
                if (name.equals("postmaster.pid") || name.equals("postmaster.opts")) {
                    continue;
                }
                Path target = to.resolve(relative);
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    try {
                        Files.copy(source, target);
                    } catch (NoSuchFileException vanished) {
                        // a temporary file the server removed while we copied: backup mode tolerates that
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from + " to " + to, e);
        }
        try {
            // PostgreSQL refuses a data directory others may read.
            Files.setPosixFilePermissions(to, PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set permissions on " + to, e);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        if (monitor != null) {
            monitor.close();
        }
        awaitBuilder();
        // The endpoints and the replication edge belong to the zone network, which closes them with the platform.
        List<Standby> lastStandbys;
        synchronized (this) {
            lastStandbys = List.copyOf(standbys);
        }
        lastStandbys.forEach(s -> s.server().close());
        if (writerServer != null) {
            writerServer.close();
        }
        embeddedGuard.release();
        long pid = postmasterPid(root.resolve("db-primary"), 0);
        if (embeddedCrashed || !PostgresServer.isRunning(pid)) {
            // zonky's pg_ctl cannot stop a writer that crashed (in a failover, or killed from outside):
            // nothing is left to stop, and its data directory is ours to remove — quietly.
            PostgresServer.deleteQuietly(root.resolve("db-primary"));
            return;
        }
        // A writer left hung (SIGSTOP) would never hear pg_ctl's request to stop.
        PostgresServer.signal(pid, "CONT");
        try {
            embedded.close();
        } catch (IOException | RuntimeException e) {
            // The writer went away between the look and the stop; what is left is its directory.
            PostgresServer.crash(ProcessHandle.of(pid));
            PostgresServer.deleteQuietly(root.resolve("db-primary"));
        }
    }
}
