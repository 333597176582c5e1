package dev.gameday.orchestration;

import dev.gameday.simulation.runner.TrafficRun;

import java.time.Duration;
import java.util.Optional;

/**
 * The game day's shopper traffic as the orchestrator drives it, wherever it runs: in the harness's
 * JVM ({@link #inProcess}) or in injector processes ({@code injection.InjectorFleet}).
 */
public interface ShopperTraffic {

    /** Whether the traffic has ended (every injector, for a fleet). */
    boolean done();

    /** Asks the traffic to stop now (a guardrail broke, Ctrl-C); its reports are still written. */
    void stop(String reason);

    /**
     * Tells the traffic that the game day's phases are over, so journeys still running end at
     * their next step rather than playing out their think times. Injector processes are told where
     * the harness reaches them (their loopback feed); injector tasks on AWS end their journeys a
     * few seconds after their last arrival on their own.
     */
    default void phasesOver() {
    }

    /**
     * Waits at most {@code timeout} for the traffic to end.
     *
     * @throws IllegalStateException when it has not ended by then, or it failed
     */
    void end(Duration timeout);

    /** How the injectors stand and how late their figures arrive; empty when the harness sends the traffic itself. */
    default Optional<LiveInjectors> injectors() {
        return Optional.empty();
    }

    /** The traffic of one in-process Gatling run. */
    static ShopperTraffic inProcess(TrafficRun run) {
        return new ShopperTraffic() {
            @Override
            public boolean done() {
                return run.done();
            }

            @Override
            public void stop(String reason) {
                run.stop(reason);
            }

            @Override
            public void phasesOver() {
                run.endJourneys();
            }

            @Override
            public void end(Duration timeout) {
                run.await(timeout);
            }
        };
    }
}
