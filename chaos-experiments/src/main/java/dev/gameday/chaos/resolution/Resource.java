package dev.gameday.chaos.resolution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A resource an experiment may act on, as an {@link Inventory} describes it.
 *
 * @param arn          its ARN (the local platform makes up ARNs of the same shape)
 * @param resourceType FIS's resource type, e.g. {@code aws:ecs:task}
 * @param tags         its tags
 * @param attributes   what target filters and parameters look at, keyed by FIS filter path:
 *                     {@code AvailabilityZone}, {@code ClusterName}, {@code ServiceName},
 *                     {@code SubnetId}, {@code DBClusterIdentifier}, …
 */
public record Resource(String arn, String resourceType, Map<String, String> tags, Map<String, String> attributes) {

    public Resource {
        Objects.requireNonNull(arn, "arn");
        Objects.requireNonNull(resourceType, "resourceType");
        tags = Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The attribute at a filter path, or {@code null}. */
    public String attribute(String path) {
        return attributes.get(path);
    }
}
