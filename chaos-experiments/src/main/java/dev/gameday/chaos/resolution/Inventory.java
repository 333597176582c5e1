package dev.gameday.chaos.resolution;

import java.util.List;

/**
 * The resources a target (the local platform, or an AWS account and region) holds, by FIS
 * resource type. Experiment targets are resolved against it.
 */
public interface Inventory {

    /** Every resource of {@code resourceType} (e.g. {@code aws:ecs:task}); empty when there is none. */
    List<Resource> resources(String resourceType);

    /** An inventory of a fixed list of resources. */
    static Inventory of(List<Resource> resources) {
        List<Resource> copy = List.copyOf(resources);
        return type -> copy.stream().filter(r -> r.resourceType().equals(type)).toList();
    }
}
