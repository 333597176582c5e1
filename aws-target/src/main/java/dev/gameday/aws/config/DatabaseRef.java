package dev.gameday.aws.config;

/**
 * The shop's database: a Multi-AZ DB cluster (Aurora or RDS) by its cluster identifier, or a
 * Multi-AZ DB instance by its instance identifier. Exactly one is set; the other is {@code null}.
 *
 * @param clusterId  {@code DBClusterIdentifier}, or {@code null}
 * @param instanceId {@code DBInstanceIdentifier}, or {@code null}
 */
public record DatabaseRef(String clusterId, String instanceId) {

    public DatabaseRef {
        if ((clusterId == null) == (instanceId == null)) {
            throw new IllegalArgumentException("exactly one of clusterId and instanceId must be set, was "
                    + clusterId + " / " + instanceId);
        }
    }

    /** A Multi-AZ DB cluster. */
    public static DatabaseRef cluster(String clusterId) {
        return new DatabaseRef(clusterId, null);
    }

    /** A Multi-AZ DB instance. */
    public static DatabaseRef instance(String instanceId) {
        return new DatabaseRef(null, instanceId);
    }

    /** Whether the database is a DB cluster (else a DB instance). */
    public boolean isCluster() {
        return clusterId != null;
    }
}
