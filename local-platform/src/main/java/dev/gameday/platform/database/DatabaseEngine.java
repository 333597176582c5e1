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
 */
public record DatabaseEngine(Kind kind, Duration detectionTime, Duration failoverTime) {

    /**
     * The RDS deployments imitated. The local cluster runs one synchronous standby for each; a
     * Multi-AZ DB cluster's second readable standby and Aurora's reader endpoint are not built yet.
     */
    public enum Kind {
        /** RDS Multi-AZ DB instance: one non-readable synchronous standby in another zone. */
        RDS_MULTI_AZ_INSTANCE("rds-multi-az-instance"),
        /** RDS Multi-AZ DB cluster: a writer and two readable standbys in the other zones. */
        RDS_MULTI_AZ_CLUSTER("rds-multi-az-cluster"),
        /** Aurora PostgreSQL: a writer and Aurora Replicas on a shared cluster volume. */
        AURORA_POSTGRESQL("aurora-postgresql");

        private final String id;

        Kind(String id) {
            this.id = id;
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
        return new DatabaseEngine(kind, detectionTime, failoverTime);
    }

    /** The same engine with another detection time. */
    public DatabaseEngine withDetectionTime(Duration detectionTime) {
        return new DatabaseEngine(kind, detectionTime, failoverTime);
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
