package dev.gameday.simulation.runner;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A simulation running in the background: started by {@link GatlingRunner#start}, stopped early
 * by {@link #stop(String)} (a guardrail broke), awaited by {@link #await()}. Closing it stops the
 * traffic if it still runs and waits for the report, so try-with-resources never leaves shoppers
 * running.
 */
public final class TrafficRun implements AutoCloseable {

    private final SimulationContext context;
    private final CompletableFuture<GatlingResult> result = new CompletableFuture<>();

    private TrafficRun(SimulationContext context) {
        this.context = context;
    }

    static TrafficRun start(GatlingRunner runner, SimulationContext context, Path gatlingDir) {
        TrafficRun run = new TrafficRun(context);
        Thread thread = new Thread(() -> {
            try {
                run.result.complete(runner.run(context, gatlingDir));
            } catch (Throwable e) {
                run.result.completeExceptionally(e);
            }
        }, "gatling-run");
        thread.start();
        return run;
    }

    /** The context the run was started with (recorder, ledger, profile). */
    public SimulationContext context() {
        return context;
    }

    /** Asks the run to stop: no new shoppers, the ones in flight are cut, the report is written. */
    public void stop(String reason) {
        context.requestStop(reason);
    }

    /** The game day's phases are over: journeys still running end at their next step ({@link SimulationContext#arrivalsEnded()}). */
    public void endJourneys() {
        context.arrivalsEnded();
    }

    /** Whether the run has ended. */
    public boolean done() {
        return result.isDone();
    }

    /** Waits for the run to end. */
    public GatlingResult await() {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Gatling run", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Gatling run failed: " + e.getCause(), e.getCause());
        }
    }

    /**
     * Waits at most {@code timeout} for the run to end.
     *
     * @throws IllegalStateException when it has not ended by then
     */
    public GatlingResult await(Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the Gatling run did not end within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Gatling run", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the Gatling run failed: " + e.getCause(), e.getCause());
        }
    }

    /** Stops the run if it is still going and waits for it to end. */
    @Override
    public void close() {
        if (!done()) {
            stop("traffic closed");
        }
        await();
    }
}
