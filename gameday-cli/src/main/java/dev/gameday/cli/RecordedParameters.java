package dev.gameday.cli;

import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.orchestration.Preflight;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * The target's parameters ({@code ${loadBalancer}}, {@code ${cluster}}…) read back from what a run
 * recorded — the dimensions of its server series — so SLOs can be filled in without the target. A
 * parameter no recorded series names gets a stand-in ({@code <name>}): an SLO that needs it asks for
 * a series the run never recorded, and is judged {@code NO_DATA} saying so.
 */
final class RecordedParameters {

    /** CloudWatch dimension → target parameter. */
    private static final Map<String, String> BY_DIMENSION = Map.of(
            "LoadBalancer", "loadBalancer", "TargetGroup", "targetGroup", "ClusterName", "cluster",
            "ServiceName", "service", "DBClusterIdentifier", "dbCluster", "DBInstanceIdentifier", "dbInstance",
            "QueueName", "queue");

    private RecordedParameters() {
    }

    static Map<String, String> of(RunDirectory run) {
        Map<String, String> out = new LinkedHashMap<>();
        TreeSet<String> zones = new TreeSet<>();
        for (TimeSeries s : RecordedMetrics.read(run.serverMetrics()).series()) {
            s.query().dimensions().forEach((name, value) -> {
                String parameter = BY_DIMENSION.get(name);
                if (parameter != null) {
                    out.putIfAbsent(parameter, value);
                } else if (name.equals("AvailabilityZone")) {
                    zones.add(value);
                }
            });
        }
        if (!zones.isEmpty()) {
            out.put("zones", String.join(",", zones));
        }
        for (String name : Preflight.TARGET_PARAMETERS) {
            out.putIfAbsent(name, "<" + name + ">");
        }
        return out;
    }
}
