package dev.gameday.platform.fault;

import dev.gameday.chaos.resolution.Resource;
import dev.gameday.platform.loadbalancer.LoadBalancerNodes;
import dev.gameday.platform.zone.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code aws:arc:start-zonal-autoshift}: a zonal shift of the load balancer away from
 * {@code availabilityZoneIdentifier} for the duration, as ARC starts one for an autoshift, with
 * ALB's semantics ({@link LoadBalancerNodes}); it ends (the zone back in "DNS") when the duration
 * is over or the experiment stops. Events {@code zonal-shift.started} / {@code zonal-shift.ended}
 * mark it, so an SLO can measure recovery from the shift.
 */
final class ZonalAutoshift {

    /** The event that marks a shift's start; a recovery SLO may anchor on it. */
    static final String STARTED = "zonal-shift.started";
    static final String ENDED = "zonal-shift.ended";

    private ZonalAutoshift() {
    }

    static void play(ActionRun run) throws InterruptedException {
        String awayFrom = run.parameter("availabilityZoneIdentifier", "");
        Zone zone = run.platform().zones().stream().filter(z -> z.name().equals(awayFrom)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("aws:arc:start-zonal-autoshift: no zone '" + awayFrom
                        + "'; the platform's zones: " + run.platform().zones().stream().map(Zone::name).toList()));
        LoadBalancerNodes nodes = run.platform().loadBalancer().nodes();
        List<Runnable> restores = new ArrayList<>();
        for (Resource resource : run.targets()) {
            Runnable restore = () -> {
                if (nodes.endShift(zone)) {
                    run.emit(ENDED, Map.of("zone", zone.name(), "resource", resource.arn()));
                }
            };
            // Started first: a shift refused (another one active) must not leave an undo that ends that one.
            nodes.startShift(zone);
            restores.add(restore);
            run.applied(restore);
            run.emit(STARTED, Map.of("zone", zone.name(), "resource", resource.arn(), "type", "autoshift"));
        }
        run.holdThenUndo(restores);
    }
}
