package dev.gameday.platform.network;

import dev.gameday.platform.zone.Zone;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every network edge of the platform, by zone. A zone's edges are the forwarders that carry its
 * traffic: load balancer → each task in the zone, and the zone's view of the database writer and
 * the queue. Impairing a zone stalls all of them at once — new ones included — which is what an
 * AZ power loss or a deny-all network ACL on the zone's subnet looks like from outside.
 */
public final class ZoneNetwork implements AutoCloseable {

    private final Map<Zone, List<TcpForwarder>> edges = new ConcurrentHashMap<>();
    private final Set<Zone> impaired = ConcurrentHashMap.newKeySet();

    /** Opens an edge in {@code zone} to {@code upstream}; stalled from the start if the zone is impaired. */
    public TcpForwarder open(String edge, Zone zone, InetSocketAddress upstream) {
        Objects.requireNonNull(zone, "zone");
        TcpForwarder forwarder = TcpForwarder.open(edge + "@" + zone.name(), upstream);
        edges.computeIfAbsent(zone, z -> new CopyOnWriteArrayList<>()).add(forwarder);
        if (impaired.contains(zone)) {
            forwarder.blackhole();
        }
        return forwarder;
    }

    /** Closes one edge (its task is gone). */
    public void close(TcpForwarder forwarder) {
        edges.values().forEach(list -> list.remove(forwarder));
        forwarder.close();
    }

    /** Stalls every edge of the zone, present and future. */
    public void impair(Zone zone) {
        impaired.add(zone);
        edges.getOrDefault(zone, List.of()).forEach(TcpForwarder::blackhole);
    }

    /** Lets the zone's traffic flow again. */
    public void restore(Zone zone) {
        impaired.remove(zone);
        edges.getOrDefault(zone, List.of()).forEach(TcpForwarder::restore);
    }

    public boolean isImpaired(Zone zone) {
        return impaired.contains(zone);
    }

    /** The zone's edges, for inspection. */
    public List<TcpForwarder> edges(Zone zone) {
        return List.copyOf(edges.getOrDefault(zone, List.of()));
    }

    @Override
    public void close() {
        edges.values().forEach(list -> list.forEach(TcpForwarder::close));
        edges.clear();
    }
}
