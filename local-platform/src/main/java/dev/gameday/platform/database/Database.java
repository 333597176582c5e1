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
import java.util.stream.Stream;
import java.sql.DriverManager;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The platform's database cluster ({@code gameday-db}), shaped like RDS Multi-AZ: an embedded
 * PostgreSQL writer in the first zone, a synchronous standby in the second (when there is one),
 * and one <em>writer endpoint</em> per zone — a platform-owned forwarder — that tasks connect to.
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
    private static final String STANDBY_NAME = "standby1";
    private static final Duration SERVER_START = Duration.ofSeconds(60);
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
    private final ZoneNetwork network;
    private final EventLog events;
    private final DatabaseEngine engine;
    private final boolean standbyWanted;
    private ClusterMonitor monitor;
    /** The writer when it is a server the platform runs itself (after a failover); null while zonky's is. */
    private PostgresServer writerServer;
    private Path writerDataDirectory;
    private int writerPort;
    private Zone writerZone;
    /** The writer's postmaster, to tell a process gone from one that is merely slow. */
    private long writerPid;
    private PostgresServer standby;
    private Zone standbyZone;
    /** The standby's path to the writer, an edge of the standby's zone. */
    private TcpForwarder replication;
    /** Where the next standby goes once that zone is healthy; {@code null} when none is wanted. */
    private Zone nextStandbyZone;
    private boolean building;
    private Instant nextBuildAttempt = Instant.MIN;
    /** Why the cluster runs without a standby right now, as last announced; {@code null} when it has one. */
    private String standbyUnavailable;
    private volatile String lastBuildFailure;
    private volatile boolean synchronous;
    private int generation;
    private volatile boolean closed;
    private volatile boolean failingOver;
    private boolean embeddedCrashed;

    private Database(EmbeddedPostgres embedded, OrphanGuard embeddedGuard, Path postgresBinary, Map<String, String> settings,
                     String password, Path socketDirectory, Path root, List<Zone> zones,
                     Map<Zone, TcpForwarder> writerEndpoints, ZoneNetwork network, EventLog events, DatabaseEngine engine,
                     boolean standbyWanted) {
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
        this.events = events;
        this.engine = engine;
        this.standbyWanted = standbyWanted;
        this.writerDataDirectory = root.resolve("db-primary");
        this.writerPort = embedded.getPort();
        this.writerPid = postmasterPid(writerDataDirectory);
        this.writerZone = zones.get(0);
        this.nextStandbyZone = standbyWanted ? zones.get(1) : null;
    }

    /**
     * Starts the writer in the first zone, opens one writer endpoint per zone and, when
     * {@code standby} is set and there are two zones or more, a synchronous standby in the second.
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
        Database database = new Database(embedded, guard, binary, Map.copyOf(settings), password, socketDirectory, root,
                List.copyOf(zones), Map.copyOf(endpoints), network, events, Objects.requireNonNull(engine, "engine"),
                standby && zones.size() > 1);
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
     * Waits until the cluster has a standby streaming synchronously — the first one, or the one
     * rebuilt after the last failover (at once when none was asked for).
     *
     * @throws IllegalStateException when there is none within {@code atMost}, with the reason
     */
    public void awaitStandby(Duration atMost) {
        Instant deadline = Instant.now().plus(atMost);
        while (standbyWanted && !synchronous) {
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

    /** How many standbys stream synchronously from the writer right now (0 or 1). */
    public int standbyCount() {
        return synchronous ? 1 : 0;
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

    /** The zone of the synchronous standby, or {@code null} when there is none (yet). */
    public synchronized Zone standbyZone() {
        return standby == null ? null : standbyZone;
    }

    /** A direct connection to the writer, bypassing the endpoints: for the platform's own checks. */
    public synchronized Connection writerConnection() throws SQLException {
        return PostgresServer.connect(writerPort, password);
    }

    /**
     * What the cluster's monitoring sees right now.
     *
     * @param connections client connections on the writer
     * @param replicaLag  the synchronous standby's replay lag in seconds, {@code NaN} without a standby
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
                     + " (SELECT extract(epoch FROM coalesce(replay_lag, interval '0')) FROM pg_stat_replication"
                     + " WHERE application_name = '" + STANDBY_NAME + "')")) {
            rs.next();
            double lag = rs.getDouble(2);
            return new Health(rs.getInt(1) - 1, rs.wasNull() ? Double.NaN : lag);
        } catch (SQLException e) {
            throw new IllegalStateException("the writer does not answer: " + e.getMessage(), e);
        }
    }

    /**
     * Fails the cluster over as RDS does when its writer is lost: the writer crashes (immediate
     * shutdown), the endpoints go dark for the engine's failover time, the synchronous standby is
     * promoted and the endpoints follow it. A new standby is then rebuilt, in the background, in the
     * zone the old writer was in — once that zone is healthy. Blocks until the endpoints serve the
     * new writer.
     *
     * @param reason why: {@code automatic} when the cluster's own monitoring decided, else who asked
     * @throws IllegalStateException when there is no standby to fail over to, saying why
     */
    public void failover(String reason) {
        Instant began = Instant.now();
        Zone from;
        Zone to;
        synchronized (this) {
            if (standby == null || !synchronous) {
                throw new IllegalStateException("database " + CLUSTER_ID + " has no standby to fail over to"
                        + (zones.size() < 2 || !standbyWanted ? " (a standby needs a second zone)"
                        : standbyUnavailable != null ? ": " + standbyUnavailable : " (it is being rebuilt)"));
            }
            failingOver = true;
            from = writerZone;
            to = standbyZone;
            events.emit(SOURCE, "db.failover.started", Map.of("cluster", CLUSTER_ID, "from", from.name(), "to", to.name(),
                    "reason", reason));
            writerEndpoints.values().forEach(TcpForwarder::blackhole);
            crashWriter();
            writerEndpoints.values().forEach(TcpForwarder::resetConnections);
        }
        try {
            promote(from, to, reason, began);
        } finally {
            failingOver = false;
        }
    }

    private void promote(Zone from, Zone to, String reason, Instant began) {
        try {
            Thread.sleep(engine.failoverTime().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            PostgresServer promoted = standby;
            try (Connection c = promoted.connection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_promote(true, 60)");
                // The promoted copy still waits for a synchronous standby that no longer exists.
                s.execute("ALTER SYSTEM SET synchronous_standby_names = ''");
                s.execute("SELECT pg_reload_conf()");
            } catch (SQLException e) {
                restoreEndpoints();
                throw new IllegalStateException("cannot promote the standby in " + to + ": " + e.getMessage(), e);
            }
            writerServer = promoted;
            writerDataDirectory = promoted.dataDirectory();
            writerPort = promoted.port();
            writerPid = promoted.pid();
            writerZone = to;
            standby = null;
            standbyZone = null;
            synchronous = false;
            closeReplication();
            InetSocketAddress address = new InetSocketAddress("127.0.0.1", writerPort);
            writerEndpoints.values().forEach(endpoint -> endpoint.redirect(address));
            restoreEndpoints();
            events.emit(SOURCE, "db.failover.completed", Map.of("cluster", CLUSTER_ID, "writer", to.name(),
                    "reason", reason, "millis", Duration.between(began, Instant.now()).toMillis()));
            // A Multi-AZ instance's new standby goes where the old writer was, once that zone is healthy.
            nextStandbyZone = from;
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

    /** What is wrong with the standby: {@code zone-impaired} when its zone is cut off (so is its replication). */
    synchronized Optional<String> standbyProblem() {
        return standby != null && network.isImpaired(standbyZone) ? Optional.of("zone-impaired") : Optional.empty();
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
     * The monitor found the standby cut off for the detection time: the writer stops waiting for it
     * (writes go on without a standby, as on RDS), and a new one is built once its zone is healthy.
     */
    void dropStandby(String cause) {
        PostgresServer lost;
        Zone zone;
        synchronized (this) {
            if (standby == null) {
                return;
            }
            lost = standby;
            zone = standbyZone;
            standby = null;
            standbyZone = null;
            synchronous = false;
            closeReplication();
            try (Connection c = writerConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET synchronous_standby_names = ''");
                s.execute("SELECT pg_reload_conf()");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot release the writer from its lost standby: " + e.getMessage(), e);
            }
            nextStandbyZone = zone;
        }
        events.emit(SOURCE, "db.standby.lost", Map.of("cluster", CLUSTER_ID, "zone", zone.name(), "cause", cause));
        lost.close();
        keepStandby();
    }

    /**
     * Builds the missing standby, in the background, where the engine puts it — but never in an
     * impaired zone: while that zone is cut off the cluster runs without a standby and says so once
     * ({@code db.standby.unavailable}).
     */
    synchronized void keepStandby() {
        if (!standbyWanted || closed || failingOver || building || standby != null || nextStandbyZone == null
                || Instant.now().isBefore(nextBuildAttempt)) {
            return;
        }
        Zone zone = standbyPlacement(nextStandbyZone);
        if (network.isImpaired(zone) || network.isImpaired(writerZone)) {
            String why = "zone " + (network.isImpaired(zone) ? zone : writerZone).name()
                    + " is impaired; the Multi-AZ standby is rebuilt in " + zone.name() + " once it is healthy";
            if (!why.equals(standbyUnavailable)) {
                standbyUnavailable = why;
                events.emit(SOURCE, "db.standby.unavailable", Map.of("cluster", CLUSTER_ID, "zone", zone.name(),
                        "reason", why));
            }
            return;
        }
        building = true;
        Thread builder = new Thread(() -> build(zone), "db-standby-build");
        builder.setDaemon(true);
        builder.start();
    }

    /**
     * Where the next standby goes: a Multi-AZ DB instance rebuilds it where it was wanted (the old
     * writer's zone) and waits for that zone; a Multi-AZ DB cluster or Aurora places it in any
     * healthy zone but the writer's, preferring the one wanted.
     */
    private Zone standbyPlacement(Zone wanted) {
        if (engine.kind() == DatabaseEngine.Kind.RDS_MULTI_AZ_INSTANCE || !network.isImpaired(wanted)) {
            return wanted;
        }
        return zones.stream().filter(z -> !z.equals(writerZone) && !network.isImpaired(z)).findFirst().orElse(wanted);
    }

    private void build(Zone zone) {
        try {
            attachStandby(zone);
            lastBuildFailure = null;
        } catch (RuntimeException e) {
            lastBuildFailure = e.getMessage();
            if (!closed) {
                events.emit(SOURCE, "db.standby.failed", Map.of("cluster", CLUSTER_ID, "zone", zone.name(),
                        "error", String.valueOf(e.getMessage())));
            }
            dropStandby("build-failed");
            synchronized (this) {
                nextBuildAttempt = Instant.now().plusSeconds(5);
            }
        } finally {
            synchronized (this) {
                building = false;
            }
        }
    }

    private void closeReplication() {
        if (replication != null) {
            network.close(replication);
            replication = null;
        }
    }

    boolean isClosed() {
        return closed;
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
     * streaming from the writer, then makes it the writer's synchronous standby.
     */
    private void attachStandby(Zone zone) {
        Path copy;
        int primaryPort;
        TcpForwarder edge;
        synchronized (this) {
            primaryPort = writerPort;
            // The standby streams from the writer through its own zone's network, so a zone cut cuts it off.
            edge = network.open("db-replication", zone, new InetSocketAddress("127.0.0.1", primaryPort));
            copy = root.resolve("db-" + zone.name() + "-" + (++generation));
            try (Connection c = PostgresServer.connect(primaryPort, password); Statement s = c.createStatement()) {
                s.execute("SELECT pg_start_backup('" + STANDBY_NAME + "', true)");
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
                    + " user=" + USER + " password=" + password + " application_name=" + STANDBY_NAME
                    + "'\nsynchronous_standby_names = ''\n",
                    StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            network.close(edge);
            throw new UncheckedIOException("cannot prepare the standby in " + copy, e);
        }
        PostgresServer server;
        try {
            server = PostgresServer.start(postgresBinary, copy, settings, password, SERVER_START);
        } catch (RuntimeException e) {
            network.close(edge);
            throw e;
        }
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
            standby = server;
            standbyZone = zone;
            replication = edge;
            try (Connection c = PostgresServer.connect(writerPort, password); Statement s = c.createStatement()) {
                s.execute("ALTER SYSTEM SET synchronous_standby_names = '" + STANDBY_NAME + "'");
                s.execute("SELECT pg_reload_conf()");
            } catch (SQLException e) {
                throw new IllegalStateException("cannot make the standby synchronous: " + e.getMessage(), e);
            }
        }
        awaitSynchronous();
        synchronized (this) {
            if (standby != server) {
                throw new IllegalStateException("the standby in " + zone + " was dropped while it caught up");
            }
            synchronous = true;
            standbyUnavailable = null;
            nextStandbyZone = null;
        }
        events.emit(SOURCE, "db.standby.ready", Map.of("cluster", CLUSTER_ID, "zone", zone.name(), "writer", writerZone().name()));
    }

    private void awaitSynchronous() {
        Instant deadline = Instant.now().plus(SERVER_START);
        while (Instant.now().isBefore(deadline)) {
            try (Connection c = writerConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT sync_state FROM pg_stat_replication WHERE application_name = '"
                         + STANDBY_NAME + "'")) {
                if (rs.next() && "sync".equals(rs.getString(1))) {
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
        throw new IllegalStateException("the standby did not become synchronous within " + SERVER_START);
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
        // The endpoints and the replication edge belong to the zone network, which closes them with the platform.
        PostgresServer lastStandby;
        synchronized (this) {
            lastStandby = standby;
        }
        if (lastStandby != null) {
            lastStandby.close();
        }
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
