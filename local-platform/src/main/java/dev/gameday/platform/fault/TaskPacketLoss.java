package dev.gameday.platform.fault;

/**
 * {@code aws:ecs:task-network-packet-loss}: {@code lossPercent} (FIS's default 7) of what a target
 * task sends back to the load balancer is lost. Loss costs what it costs TCP: each lost segment
 * is sent again after the retransmission timeout (200 ms, doubling), later bytes wait behind it,
 * a lost handshake costs a second, and a segment lost too many times in a row breaks the
 * connection ({@link dev.gameday.platform.network.Impairment}). {@code sources} and
 * {@code flowsPercent} are not modelled: with cross-zone load balancing the task's flows reach
 * load balancer nodes in every zone, so the "Cross-AZ: Traffic Slowdown" scenario's other-zone
 * sources cover most of them.
 */
final class TaskPacketLoss {

    private TaskPacketLoss() {
    }

    static void play(ActionRun run) throws InterruptedException {
        double percent = Double.parseDouble(run.parameter("lossPercent", "7"));
        TaskNetworkFault.play(run, before -> before.withLoss(percent));
    }
}
