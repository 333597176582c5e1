package dev.gameday.platform.loadbalancer;

import dev.gameday.platform.zone.Zone;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load balancer's nodes, one per zone, and ARC zonal shift over them. Each new client
 * connection lands on one node, as a fresh DNS lookup of the load balancer's name would give one
 * node's address (round robin over the addresses DNS answers; the local client caches nothing).
 * A zonal shift, as ARC's on an ALB with cross-zone load balancing: the zone's node leaves DNS
 * (no new connection lands on it) and the other nodes stop routing to targets in that zone.
 * Connections already on the shifted node are not closed: they keep being served, and routed as
 * before the shift, until the client closes them — why keep-alive clients can hide a shift.
 * Health checks go on in the shifted zone (AWS reports its targets with the administrative
 * override {@code zonal_shift_active}), so its {@code HealthyHostCount} does not change;
 * its {@code RequestCount} goes to zero as its connections end.
 */
public final class LoadBalancerNodes {

    private final List<Zone> zones;
    private final Set<Zone> shifted = ConcurrentHashMap.newKeySet();
    private final AtomicLong lookups = new AtomicLong();

    /** @param zones the zones with a node; empty for a load balancer without zones (no shift possible) */
    public LoadBalancerNodes(List<Zone> zones) {
        this.zones = List.copyOf(zones);
    }

    /** The zones with a node. */
    public List<Zone> zones() {
        return zones;
    }

    /**
     * The node a new connection lands on: the next one DNS answers with, round robin over the
     * nodes not shifted away; empty when the load balancer has no zones.
     */
    Optional<Zone> resolve() {
        List<Zone> inDns = zones.stream().filter(z -> !shifted.contains(z)).toList();
        if (inDns.isEmpty()) {
            inDns = zones;
        }
        if (inDns.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(inDns.get((int) Math.floorMod(lookups.getAndIncrement(), (long) inDns.size())));
    }

    /**
     * Starts a zonal shift away from {@code zone}, as ARC {@code StartZonalShift} does.
     *
     * @throws IllegalArgumentException when the load balancer has no node in {@code zone}
     * @throws IllegalStateException    when a shift is already active (ARC allows one zone per resource),
     *                                  or the load balancer has a single zone (ARC refuses single-AZ resources)
     */
    public synchronized void startShift(Zone zone) {
        Objects.requireNonNull(zone, "zone");
        if (!zones.contains(zone)) {
            throw new IllegalArgumentException("the load balancer has no node in " + zone.name() + "; its zones: "
                    + zones.stream().map(Zone::name).toList());
        }
        if (zones.size() < 2) {
            throw new IllegalStateException("zonal shift needs a load balancer in at least two zones");
        }
        if (!shifted.isEmpty() && !shifted.contains(zone)) {
            throw new IllegalStateException("a zonal shift away from " + shifted.iterator().next().name()
                    + " is active; ARC shifts one zone per resource at a time");
        }
        shifted.add(zone);
    }

    /** Ends the shift away from {@code zone} (ARC {@code CancelZonalShift} or its expiry); returns whether one was active. */
    public boolean endShift(Zone zone) {
        return shifted.remove(zone);
    }

    /** The zones traffic is shifted away from now. */
    public Set<Zone> shifted() {
        return Set.copyOf(shifted);
    }

    /**
     * The zones whose targets a request that came in on {@code node} must not go to: the shifted
     * zones, unless the request came in on the shifted node itself (a connection made before the
     * shift, served as before).
     */
    Set<Zone> avoidedFrom(Zone node) {
        if (shifted.isEmpty() || (node != null && shifted.contains(node))) {
            return Set.of();
        }
        return Set.copyOf(shifted);
    }
}
