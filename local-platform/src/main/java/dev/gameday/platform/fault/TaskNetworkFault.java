package dev.gameday.platform.fault;

import dev.gameday.chaos.resolution.Resource;
import dev.gameday.platform.network.Impairment;
import dev.gameday.platform.network.TcpForwarder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * What the ECS task network actions share: each acts on the task's egress towards the load
 * balancer — the answers it sends back, the edge the platform keeps in front of every task — for
 * the action's duration, then lifts it. As on ECS, one network fault at a time per task: a
 * second while one runs fails the action ("Fault injection request conflicts with another running
 * fault"), so a template must run them one after the other on the same tasks.
 */
final class TaskNetworkFault {

    /** Edges of tasks under a network fault now, across experiments: ECS allows one at a time. */
    private static final Set<TcpForwarder> BUSY = ConcurrentHashMap.newKeySet();

    private TaskNetworkFault() {
    }

    /**
     * Applies {@code change} to the answers of each target task, holds it for the duration and
     * restores what was there.
     *
     * @throws IllegalStateException when a target task is under another network fault already
     */
    static void play(ActionRun run, UnaryOperator<Impairment> change) throws InterruptedException {
        List<Runnable> restores = new ArrayList<>();
        List<TcpForwarder> edges = new ArrayList<>();
        for (Resource task : run.targets()) {
            edge(run, task).ifPresent(edges::add);
        }
        for (TcpForwarder edge : edges) {
            if (!BUSY.add(edge)) {
                // The faults applied so far are the experiment's to undo: it fails with this action.
                throw new IllegalStateException(run.action().actionId() + ": task " + edge.name()
                        + " is already under a network fault; ECS runs one latency, packet-loss or"
                        + " blackhole-port fault per task at a time");
            }
            Impairment before = edge.impairmentToClient();
            Runnable restore = () -> {
                edge.impair(edge.impairmentToUpstream(), before);
                BUSY.remove(edge);
            };
            restores.add(restore);
            run.applied(restore);
            edge.impair(edge.impairmentToUpstream(), change.apply(before));
        }
        run.holdThenUndo(restores);
    }

    /** The edge in front of the task, if it still runs. */
    static Optional<TcpForwarder> edge(ActionRun run, Resource task) {
        return run.platform().service().ingress(ActionRun.taskId(task));
    }

    /** Marks an edge busy for a fault that is not an impairment (a blackhole); false when it already is. */
    static boolean claim(TcpForwarder edge) {
        return BUSY.add(edge);
    }

    static void release(TcpForwarder edge) {
        BUSY.remove(edge);
    }
}
