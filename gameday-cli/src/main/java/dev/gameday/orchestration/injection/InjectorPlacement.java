package dev.gameday.orchestration.injection;

import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.recorder.ClientRecorder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Where an {@link InjectorFleet}'s injectors run, and how what they record reaches the harness:
 * tasks of the local platform streaming over loopback ({@link LocalPlacement}), or ECS tasks sending
 * batches through S3 ({@link EcsPlacement}). The fleet — plan, barrier, readiness, deaths, stop,
 * exact merge — is the same on both.
 */
interface InjectorPlacement extends AutoCloseable {

    /** The zones injectors are spread over: injector {@code i} runs in zone {@code i mod zones}. */
    List<String> zones();

    /** From launching the injectors to their common start: what the slowest needs to be ready. */
    Duration barrier(int injectors);

    /**
     * Every injector ({@code ids}) is ready: asks them all to start at {@code at}, before the common
     * start they were launched with, and returns the start they will use — {@code at}, or
     * {@code planned} where the harness cannot reach them all (the default: tasks on AWS only read
     * their spec).
     */
    default Instant startTogether(Instant at, Instant planned, List<String> ids) {
        return planned;
    }

    /**
     * The game day's phases are over: tells the injectors, where the harness can reach them, so
     * their journeys end now. The default does nothing: tasks on AWS end theirs a grace after their
     * last arrival.
     */
    default void phasesOver() {
    }

    /** The loopback port injectors stream their samples to; 0 when they cannot reach one. */
    int feedPort();

    /** The planned spec as this placement runs it (where it writes, where its results go). */
    InjectorSpec place(InjectorSpec planned);

    /** Starts one injector. */
    RunningInjector launch(InjectorSpec spec, Instant startAt);

    /** Where the harness finds injector {@code id}'s files once {@link #fetch fetched}. */
    Path files(String id);

    /** Brings injector {@code id}'s files to {@link #files}: nothing locally, a download on AWS. */
    void fetch(String id);

    /** What injector {@code id} has sent so far, once it has said anything. */
    Optional<Received> received(String id);

    /** What the injectors are, for their figures' record ({@code gameday-injectors}, the task family). */
    String service();

    /** How the live figures arrive and how late, for the console and the events. */
    String liveFigures();

    /** How late the live figures were, as measured (empty where nothing is measured: loopback). */
    Map<String, Object> liveLag();

    /** How late the newest live figures arrived, as last measured; empty before the first arrived. */
    Optional<Duration> late();

    /** Stops listening to the injectors (their files can still be fetched). */
    @Override
    void close();

    /** One injector as the fleet sees it, wherever it runs. */
    interface RunningInjector {

        /** Completes when the injector is ready for the common start; fails when it cannot be. */
        CompletableFuture<?> ready();

        /** Completes with its exit code when it has ended. */
        CompletableFuture<Integer> exited();

        /** Whether it has not ended yet. */
        boolean isAlive();

        /** Asks it to stop (SIGTERM, StopTask): it ends its arrivals and sends its files. */
        void terminate(Duration stopTimeout);

        /** Ends it now, if it has not ended. */
        void kill();

        /** Where it runs, for its {@code injector.launched} event: {@code pid} locally, {@code task} (the ARN) on ECS. */
        Map<String, Object> where();

        /** Where its own log is, for error messages. */
        String logs();
    }

    /** What one injector has sent so far. */
    interface Received {

        /** Its samples alone. */
        ClientRecorder recorder();

        /** Whether it sent its end mark: everything it recorded arrived. */
        boolean ended();

        /** Waits for its stream to close (end mark or not); whether it did within {@code timeout}. */
        boolean awaitClosed(Duration timeout);
    }
}
