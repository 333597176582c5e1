package dev.gameday.platform.metrics;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The names the platform's resources carry as CloudWatch dimension values, shaped exactly as AWS
 * shapes them so one SLO file serves both targets: {@code app/gameday-local/<16 hex>},
 * {@code targetgroup/shop/<16 hex>}, cluster {@code gameday-local}, service {@code shop}.
 *
 * @param loadBalancer the {@code LoadBalancer} dimension value
 * @param targetGroup  the {@code TargetGroup} dimension value
 * @param cluster      the {@code ClusterName} dimension value
 * @param service      the {@code ServiceName} dimension value
 */
public record ResourceNames(String loadBalancer, String targetGroup, String cluster, String service) {

    /** The cluster name every local platform uses. */
    public static final String CLUSTER = "gameday-local";
    /** The service name every local platform uses. */
    public static final String SERVICE = "shop";

    private static final SecureRandom RANDOM = new SecureRandom();

    public ResourceNames {
        Objects.requireNonNull(loadBalancer, "loadBalancer");
        Objects.requireNonNull(targetGroup, "targetGroup");
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(service, "service");
    }

    /** Fresh names: new random ids, as a new deployment would get. */
    public static ResourceNames fresh() {
        return new ResourceNames("app/gameday-local/" + hex(8), "targetgroup/shop/" + hex(8), CLUSTER, SERVICE);
    }

    /** {@code bytes} random bytes as lower-case hex. */
    public static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
