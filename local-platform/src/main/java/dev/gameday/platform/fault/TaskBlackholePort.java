package dev.gameday.platform.fault;

import dev.gameday.chaos.resolution.Resource;
import dev.gameday.platform.network.TcpForwarder;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.zone.Zone;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code aws:ecs:task-network-blackhole-port} with {@code trafficType: ingress}: traffic to the
 * task's service port is dropped for the duration — open connections stall and new ones never
 * open, health checks included, so the load balancer marks the task unhealthy and the service
 * replaces it. The port is the container port of the shop's ECS task definition
 * ({@value #CONTAINER_PORT}), which locally stands for the task's own (ephemeral) port; another
 * port, or {@code udp}, has nothing listening in the task, so there is nothing to drop. Egress
 * blackholes are not played locally (the validator says so before anything starts).
 */
final class TaskBlackholePort {

    /** The shop's container port in its ECS task definition ({@code reference-service}). */
    static final int CONTAINER_PORT = 8080;

    private TaskBlackholePort() {
    }

    static void play(ActionRun run) throws InterruptedException {
        if (!"ingress".equals(run.parameter("trafficType", ""))) {
            throw new IllegalArgumentException("aws:ecs:task-network-blackhole-port: the local platform plays"
                    + " trafficType ingress only, was '" + run.parameter("trafficType", "") + "'");
        }
        int port = Integer.parseInt(run.parameter("port", "0"));
        boolean tcp = "tcp".equals(run.parameter("protocol", "tcp"));
        List<Runnable> restores = new ArrayList<>();
        for (Resource task : run.targets()) {
            String taskId = ActionRun.taskId(task);
            int localPort = run.platform().tasks().stream().filter(t -> t.id().equals(taskId))
                    .mapToInt(TaskInfo::port).findFirst().orElse(-1);
            if (!tcp || (port != CONTAINER_PORT && port != localPort)) {
                run.emit("task.fault.noop", Map.of("task", taskId, "action", run.action().actionId(),
                        "why", "nothing in the task listens on " + run.parameter("protocol", "tcp") + " port " + port));
                continue;
            }
            TcpForwarder edge = TaskNetworkFault.edge(run, task).orElse(null);
            if (edge == null) {
                continue; // stopped since the targets were resolved
            }
            if (!TaskNetworkFault.claim(edge)) {
                throw new IllegalStateException("aws:ecs:task-network-blackhole-port: task " + taskId
                        + " is already under a network fault; ECS runs one at a time per task");
            }
            Zone zone = new Zone(task.attribute("AvailabilityZone"));
            Runnable restore = () -> {
                // A zone cut by another action keeps its edges stalled: lifting the port must not lift that.
                if (!run.platform().network().isImpaired(zone)) {
                    edge.restore();
                }
                TaskNetworkFault.release(edge);
            };
            restores.add(restore);
            run.applied(restore);
            edge.blackhole();
        }
        run.holdThenUndo(restores);
    }
}
