package dev.gameday.platform.database;

import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Which RDS deployment the local database cluster imitates, and how fast it reacts: how long its
 * monitoring takes to call a writer lost ({@code detectionTime}) and how long the writer endpoint
 * then stays dark while a standby is promoted ({@code failoverTime}). A target file names it as
 * {@code database: {engine: …, detectionTime: …, failoverTime: …}}; docs/FIDELITY.md lists AWS's
 * figures and where they come from.
 *
 * @param kind          the deployment imitated
 * @param detectionTime how long the writer must stay lost (process gone, hung, zone cut) before an automatic failover
 * @param failoverTime  how long the writer endpoints stay dark while the standby is promoted
 * @param replicas      how many standbys the writer keeps (each in another zone than the writer's, one per
 *                      zone): 1 for an instance, 2 for a Multi-AZ DB cluster, Aurora's replica count
 */
public record DatabaseEngine(Kind kind, Duration detectionTime, Duration failoverTime, int replicas) {

    /**
     * Aurora's replicas when a target file names none: one in each of the two other zones of a
     * three-zone region, so that a zone lost with one replica still leaves one to fail over to (AWS
     * recommends replicas in at least two zones other than the writer's for high availability), and
     * the reader endpoint keeps a reader while the other is promoted.
     */
    public static final int AURORA_DEFAULT_REPLICAS = 2;
    /** Aurora's own limit on replicas per cluster. */
    public static final int AURORA_MAX_REPLICAS = 15;

    /**
     * The RDS deployments imitated: how many standbys each keeps, whether they serve reads behind a
     * reader endpoint, and how a commit waits for them.
     */
    public enum Kind {
        /** RDS Multi-AZ DB instance: one non-readable synchronous standby in another zone. */
        RDS_MULTI_AZ_INSTANCE("rds-multi-az-instance", false),
        /**
         * RDS Multi-AZ DB cluster: a writer and two readable standbys in the other zones; a commit is
         * acknowledged once one of them has it (semi-synchronous).
         */
        RDS_MULTI_AZ_CLUSTER("rds-multi-az-cluster", true),
        /**
         * Aurora PostgreSQL: a writer and Aurora Replicas on a shared cluster volume (locally: standbys of
         * which one must confirm each commit, so no acknowledged commit is lost on failover, as on Aurora).
         */
        AURORA_POSTGRESQL("aurora-postgresql", true);

        private final String id;
        private final boolean readable;

        Kind(String id, boolean readable) {
            this.id = id;
            this.readable = readable;
        }

        /** Whether its standbys serve reads, behind a reader endpoint. */
        public boolean readable() {
            return readable;
        }

        /** The name a target file gives it, e.g. {@code rds-multi-az-instance}. */
        public String id() {
            return id;
        }

        /** The kind a target file names, or an error listing the known ones. */
        public static Kind of(String id) {
            return Arrays.stream(values()).filter(k -> k.id.equals(id)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("unknown database engine '" + id + "'; known: "
                            + Arrays.stream(values()).map(Kind::id).collect(Collectors.joining(", "))));
        }
    }

    public DatabaseEngine {
        Objects.requireNonNull(kind, "kind");
        requirePositive("detectionTime", detectionTime);
        Objects.requireNonNull(failoverTime, "failoverTime");
        if (failoverTime.isNegative()) {
            throw new IllegalArgumentException("failoverTime must not be negative, was " + failoverTime);
        }
        int expected = defaultReplicas(kind);
        if (kind != Kind.AURORA_POSTGRESQL && replicas != expected) {
            throw new IllegalArgumentException(kind.id() + " has " + expected + " standby" + (expected == 1 ? "" : "s")
                    + ", not " + replicas + " (only aurora-postgresql's replica count can be chosen)");
        }
        if (replicas < 1 || replicas > AURORA_MAX_REPLICAS) {
            throw new IllegalArgumentException("replicas must be 1.." + AURORA_MAX_REPLICAS + ", was " + replicas);
        }
    }

    /** {@code kind} with its own standby count (Aurora: {@value #AURORA_DEFAULT_REPLICAS} replicas). */
    public DatabaseEngine(Kind kind, Duration detectionTime, Duration failoverTime) {
        this(kind, detectionTime, failoverTime, defaultReplicas(Objects.requireNonNull(kind, "kind")));
    }

    private static int defaultReplicas(Kind kind) {
        return switch (kind) {
            case RDS_MULTI_AZ_INSTANCE -> 1;
            case RDS_MULTI_AZ_CLUSTER -> 2;
            case AURORA_POSTGRESQL -> AURORA_DEFAULT_REPLICAS;
        };
    }

    /** The local platform's default: a Multi-AZ DB instance on scaled-down timings. */
    public static DatabaseEngine defaults() {
        return scaled(Kind.RDS_MULTI_AZ_INSTANCE);
    }

    /**
     * {@code kind} on timings scaled down so a game day fits in minutes (targets/local.yaml): the
     * instance stays the slowest to fail over, the cluster and Aurora faster, as on AWS.
     */
    public static DatabaseEngine scaled(Kind kind) {
        return switch (kind) {
            case RDS_MULTI_AZ_INSTANCE -> new DatabaseEngine(kind, Duration.ofSeconds(2), Duration.ofSeconds(2));
            case RDS_MULTI_AZ_CLUSTER, AURORA_POSTGRESQL -> new DatabaseEngine(kind, Duration.ofSeconds(1), Duration.ofSeconds(1));
        };
    }

    /**
     * {@code kind} on AWS's documented failover figures (docs/FIDELITY.md): detection plus failover
     * is 90 s for an instance (documented 60–120 s), 35 s for a Multi-AZ DB cluster (under 35 s) and
     * 30 s for Aurora (about 30 s). AWS does not publish the detection share; the split is ours.
     */
    public static DatabaseEngine aws(Kind kind) {
        return switch (kind) {
            case RDS_MULTI_AZ_INSTANCE -> new DatabaseEngine(kind, Duration.ofSeconds(30), Duration.ofSeconds(60));
            case RDS_MULTI_AZ_CLUSTER -> new DatabaseEngine(kind, Duration.ofSeconds(10), Duration.ofSeconds(25));
            case AURORA_POSTGRESQL -> new DatabaseEngine(kind, Duration.ofSeconds(10), Duration.ofSeconds(20));
        };
    }

    /** The same engine with another failover time. */
    public DatabaseEngine withFailoverTime(Duration failoverTime) {
        return new DatabaseEngine(kind, detectionTime, failoverTime, replicas);
    }

    /** The same engine with another detection time. */
    public DatabaseEngine withDetectionTime(Duration detectionTime) {
        return new DatabaseEngine(kind, detectionTime, failoverTime, replicas);
    }

    /** The same engine with another replica count (Aurora only). */
    public DatabaseEngine withReplicas(int replicas) {
        return new DatabaseEngine(kind, detectionTime, failoverTime, replicas);
    }

    /** From a writer lost to writes accepted again, as far as the cluster goes (clients reconnect after). */
    public Duration recoveryTime() {
        return detectionTime.plus(failoverTime);
    }

    private static void requirePositive(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
