package dev.gameday.platform.loadbalancer;

import dev.gameday.core.event.EventLog;
import dev.gameday.platform.zone.Zone;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load balancer's target group: registered targets, their health checks, round-robin choice
 * among the healthy ones (across zones), and deregistration with connection draining. When no
 * registered target is healthy it fails open and routes to all of them, as ALB does.
 */
public final class TargetGroup implements AutoCloseable {

    private static final String SOURCE = "platform";

    private final String name;
    private final HealthCheck healthCheck;
    private final Duration deregistrationDelay;
    private final EventLog events;
    private final HttpClient probeClient;
    private final ScheduledExecutorService scheduler;
    private final Map<String, RegisteredTarget> targets = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> probes = new ConcurrentHashMap<>();
    private final AtomicLong next = new AtomicLong();

    /**
     * @param name                the {@code TargetGroup} dimension value
     * @param healthCheck         how targets are probed
     * @param deregistrationDelay the longest a deregistered target keeps its in-flight requests
     * @param events              where {@code target.*} events go
     */
    public TargetGroup(String name, HealthCheck healthCheck, Duration deregistrationDelay, EventLog events) {
        this.name = Objects.requireNonNull(name, "name");
        this.healthCheck = Objects.requireNonNull(healthCheck, "healthCheck");
        this.deregistrationDelay = Objects.requireNonNull(deregistrationDelay, "deregistrationDelay");
        this.events = Objects.requireNonNull(events, "events");
        this.probeClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(healthCheck.timeout())
                .build();
        this.scheduler = Executors.newScheduledThreadPool(1, r -> {
            Thread t = new Thread(r, "target-group-" + name);
            t.setDaemon(true);
            return t;
        });
    }

    public String name() {
        return name;
    }

    public HealthCheck healthCheck() {
        return healthCheck;
    }

    /** Registers a task's address; health checks start at once, the target is {@code INITIAL} until they pass. */
    public RegisteredTarget register(String taskId, Zone zone, int port) {
        RegisteredTarget target = new RegisteredTarget(taskId, zone, port);
        targets.put(target.id(), target);
        events.emit(SOURCE, "target.registered", attrs(target));
        long intervalMillis = healthCheck.interval().toMillis();
        probes.put(target.id(), scheduler.scheduleAtFixedRate(() -> probe(target), 0, intervalMillis, TimeUnit.MILLISECONDS));
        return target;
    }

    /**
     * Deregisters a target: it gets no new requests at once; the returned future completes when
     * its in-flight requests are done or the deregistration delay has passed, whichever is first.
     */
    public CompletableFuture<Void> deregister(RegisteredTarget target) {
        CompletableFuture<Void> drained = new CompletableFuture<>();
        if (!target.drain()) {
            drained.complete(null);
            return drained;
        }
        stopProbing(target);
        events.emit(SOURCE, "target.deregistered", attrs(target));
        Instant deadline = Instant.now().plus(deregistrationDelay);
        ScheduledFuture<?>[] watcher = new ScheduledFuture<?>[1];
        synchronized (watcher) {
            watcher[0] = scheduler.scheduleAtFixedRate(() -> {
                if (target.inFlight() == 0 || !Instant.now().isBefore(deadline)) {
                    targets.remove(target.id(), target);
                    Map<String, Object> attrs = attrs(target);
                    attrs.put("inFlight", target.inFlight());
                    events.emit(SOURCE, "target.drained", attrs);
                    drained.complete(null);
                    synchronized (watcher) {
                        watcher[0].cancel(false);
                    }
                }
            }, 0, 50, TimeUnit.MILLISECONDS);
        }
        return drained;
    }

    /** Removes a target at once, without draining: its task is already gone. */
    public void remove(RegisteredTarget target) {
        boolean wasServing = target.drain();
        stopProbing(target);
        targets.remove(target.id(), target);
        if (wasServing) {
            events.emit(SOURCE, "target.deregistered", attrs(target));
        }
    }

    /** Every registered target, draining ones included. */
    public List<RegisteredTarget> targets() {
        return List.copyOf(targets.values());
    }

    /** The targets currently healthy. */
    public List<RegisteredTarget> healthyTargets() {
        return targets.values().stream().filter(t -> t.health() == TargetHealth.HEALTHY).toList();
    }

    /**
     * The next target to send a request to (round robin over the healthy ones, across zones; over
     * every non-draining target when none is healthy), or {@code null} when none is registered.
     * The request is already counted in flight on the target: the caller must call
     * {@link RegisteredTarget#end()} when it is answered.
     */
    public RegisteredTarget choose() {
        return choose(Set.of());
    }

    /**
     * As {@link #choose()}, leaving out targets in {@code avoided} zones (a zonal shift) as long as
     * a target elsewhere is left.
     */
    public RegisteredTarget choose(Set<Zone> avoided) {
        while (true) {
            RegisteredTarget target = pick(avoided);
            if (target == null) {
                return null;
            }
            target.begin();
            // Counted first, checked second: a deregistration that raced us either sees this
            // request in flight and waits for it, or we see the target draining and pick again.
            if (target.health() != TargetHealth.DRAINING) {
                return target;
            }
            target.end();
        }
    }

    private RegisteredTarget pick(Set<Zone> avoided) {
        List<RegisteredTarget> serving = new ArrayList<>();
        List<RegisteredTarget> healthy = new ArrayList<>();
        for (RegisteredTarget t : targets.values()) {
            if (!avoided.isEmpty() && avoided.contains(t.zone())) {
                continue;
            }
            TargetHealth h = t.health();
            if (h != TargetHealth.DRAINING) {
                serving.add(t);
                if (h == TargetHealth.HEALTHY) {
                    healthy.add(t);
                }
            }
        }
        List<RegisteredTarget> candidates = healthy.isEmpty() ? serving : healthy;
        if (candidates.isEmpty()) {
            // Nothing outside the shifted zone: serving from it beats answering 503.
            return avoided.isEmpty() ? null : pick(Set.of());
        }
        // Sorted so the rotation is stable however the map orders its entries.
        candidates.sort((a, b) -> a.id().compareTo(b.id()));
        return candidates.get((int) Math.floorMod(next.getAndIncrement(), (long) candidates.size()));
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        probes.clear();
    }

    private void stopProbing(RegisteredTarget target) {
        ScheduledFuture<?> probe = probes.remove(target.id());
        if (probe != null) {
            probe.cancel(false);
        }
    }

    private void probe(RegisteredTarget target) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + target.port() + healthCheck.path()))
                .timeout(healthCheck.timeout())
                .header("User-Agent", "ELB-HealthChecker/2.0")
                .GET()
                .build();
        probeClient.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .whenComplete((response, error) -> {
                    boolean passed = error == null && response.statusCode() >= 200 && response.statusCode() < 300;
                    String failure = passed ? null
                            : error != null ? "Target.Timeout or connection failure: " + rootMessage(error)
                            : "Target.ResponseCodeMismatch: " + response.statusCode();
                    TargetHealth changed = target.observe(passed, failure, healthCheck);
                    if (changed == TargetHealth.HEALTHY) {
                        events.emit(SOURCE, "target.healthy", attrs(target));
                    } else if (changed == TargetHealth.UNHEALTHY) {
                        Map<String, Object> attrs = attrs(target);
                        attrs.put("reason", failure);
                        events.emit(SOURCE, "target.unhealthy", attrs);
                    }
                });
    }

    private static String rootMessage(Throwable error) {
        Throwable t = error;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : " " + t.getMessage());
    }

    private static Map<String, Object> attrs(RegisteredTarget target) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("target", target.id());
        attrs.put("task", target.taskId());
        attrs.put("zone", target.zone().name());
        return attrs;
    }
}
