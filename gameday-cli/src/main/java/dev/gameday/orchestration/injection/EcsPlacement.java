package dev.gameday.orchestration.injection;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.aws.config.InjectorSettings;
import dev.gameday.aws.inject.EcsInjectorTasks;
import dev.gameday.aws.inject.InjectorBucket;
import dev.gameday.aws.target.AwsTarget;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.inject.UplinkSender;
import dev.gameday.simulation.recorder.ClientMetrics;
import dev.gameday.simulation.recorder.ClientRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Injectors on the {@code aws} target: one stand-alone Fargate task per injector ({@code RunTask} of
 * the target file's injector task definition, in its zone's subnet, the spec in a container
 * override: {@link EcsInjectorTasks}), each sending its readiness, its sample batches and its files
 * through the results bucket ({@link S3Uplink} in the task, {@link InjectorBucket}).
 *
 * <p>The harness polls every {@link #POLL}: one {@code ListObjectsV2} per injector still running,
 * {@code StartAfter} the last live object read, and a {@code GetObject} per new batch, merged into the
 * live recorder (the guardrails', live waits' and status line's) exactly. Live figures are thus the
 * batch interval plus the poll plus the second being filled late — the age of the newest merged
 * second is measured at every batch and recorded ({@code injectors.live-lag} events, every
 * {@link #LAG_EVERY} and at the end). Every {@link #TASK_CHECK} the tasks not ended are described
 * ({@code DescribeTasks}): one stopped without its end mark has died (its exit code and ECS's reason
 * recorded). Every task is stopped ({@code StopTask}) when the fleet stops or ends, and again — the
 * safety net — when the target closes.
 */
final class EcsPlacement implements InjectorPlacement {

    private static final Logger LOG = LoggerFactory.getLogger(EcsPlacement.class);
    /** How often the harness lists new live objects. */
    static final Duration POLL = InjectorBucket.POLL;
    /** How often the tasks not ended are described. */
    static final Duration TASK_CHECK = InjectorBucket.TASK_CHECK;
    /** How often the live figures' lateness is recorded. */
    static final Duration LAG_EVERY = Duration.ofSeconds(30);
    /**
     * Launch to common start: Fargate provisions the task and pulls the image (30–90 s), then the JVM
     * and Gatling start and the accounts are registered.
     */
    private static final Duration BARRIER_BASE = Duration.ofSeconds(150);
    private static final Duration BARRIER_PER_INJECTOR = Duration.ofSeconds(5);
    /** Where an injector writes its files inside its task (they go up to S3 at its end). */
    static final Path OUTPUT_IN_TASK = Path.of("/tmp/gameday-injector");

    private final AwsTarget target;
    private final InjectorSettings settings;
    private final EcsInjectorTasks tasks;
    private final Path root;
    private final ClientRecorder live;
    private final EventLog events;
    private final Clock clock;
    private final Map<String, EcsInjector> injectors = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService poller;
    private Instant lastTaskCheck = Instant.EPOCH;
    private Instant lastLagEvent;
    private final Lag lag = new Lag();

    EcsPlacement(AwsTarget target, Path root, ClientRecorder live, EventLog events, Clock clock) {
        this.target = target;
        this.settings = target.config().injectorSettings().orElseThrow(() -> new IllegalStateException(
                target.config().file() + " has no 'injectors' block: load.injectors > 1 cannot run on it"));
        this.tasks = target.injectorTasks();
        this.root = root;
        this.live = live;
        this.events = events;
        this.clock = clock;
        this.lastLagEvent = clock.instant();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "injectors-s3-poll");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::poll, POLL.toMillis(), POLL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public List<String> zones() {
        return settings.zones();
    }

    @Override
    public Duration barrier(int injectors) {
        return BARRIER_BASE.plus(BARRIER_PER_INJECTOR.multipliedBy(injectors));
    }

    @Override
    public int feedPort() {
        return 0;
    }

    @Override
    public InjectorSpec place(InjectorSpec planned) {
        URI location = target.injectorBucket(planned.id()).location();
        return planned.withResults(URI.create(location + "?" + target.injectorResultsQuery()),
                OUTPUT_IN_TASK.resolve(planned.id()));
    }

    @Override
    public RunningInjector launch(InjectorSpec spec, Instant startAt) {
        String arn = tasks.launch(spec.id(), spec.zone(), spec.toJson());
        EcsInjector injector = new EcsInjector(spec, arn, target.injectorBucket(spec.id()));
        injectors.put(spec.id(), injector);
        return injector;
    }

    @Override
    public Path files(String id) {
        return root.resolve(id);
    }

    @Override
    public void fetch(String id) {
        EcsInjector injector = injectors.get(id);
        if (injector != null) {
            int count = injector.bucket.getFiles(files(id));
            events.emit(InjectorFleet.SOURCE, "injector.files", Map.of("injector", id, "files", count,
                    "from", injector.bucket.location().toString()));
        }
    }

    @Override
    public Optional<Received> received(String id) {
        return Optional.ofNullable(injectors.get(id));
    }

    @Override
    public String service() {
        return "ecs:" + settings.cluster() + "/" + settings.family();
    }

    @Override
    public String liveFigures() {
        return "live figures come through S3 (a batch every " + UplinkSender.INTERVAL.toSeconds() + " s, polled every "
                + POLL.toSeconds() + " s): about " + (UplinkSender.INTERVAL.plus(POLL).toSeconds() + 1)
                + " s late, measured in injectors.live-lag events";
    }

    @Override
    public Map<String, Object> liveLag() {
        Map<String, Object> out = new LinkedHashMap<>(lag.describe());
        out.put("how", liveFigures());
        return out;
    }

    @Override
    public Optional<Duration> late() {
        return lag.newest();
    }

    /** Stops polling (a poll under way finishes) and records how late the live figures were. */
    @Override
    public void close() {
        if (poller.isShutdown()) {
            return;
        }
        poller.shutdown();
        try {
            poller.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll(); // the end marks written while the last poll ran
        emitLag(true);
    }

    // ---- polling -------------------------------------------------------------------------------

    private synchronized void poll() {
        try {
            List<EcsInjector> running = injectors.values().stream().filter(i -> !i.exited.isDone()).toList();
            for (EcsInjector injector : running) {
                read(injector);
            }
            if (Duration.between(lastTaskCheck, clock.instant()).compareTo(TASK_CHECK) >= 0) {
                lastTaskCheck = clock.instant();
                checkTasks();
            }
            if (Duration.between(lastLagEvent, clock.instant()).compareTo(LAG_EVERY) >= 0) {
                emitLag(false);
            }
        } catch (RuntimeException e) {
            // S3 or ECS not answering this once: the next poll asks again; the files are fetched at the end.
            LOG.warn("polling the injectors failed: {}", e.toString());
        }
    }

    /** Reads injector's new live objects, in order. */
    private void read(EcsInjector injector) {
        for (InjectorBucket.Live object : injector.bucket.liveAfter(Optional.ofNullable(injector.lastKey))) {
            switch (object.kind()) {
                case READY -> injector.ready.complete(null);
                case SAMPLES -> merge(injector, object);
                case END -> {
                    JsonNode end = parse(injector.bucket.get(object.key()));
                    int exitCode = end.path("exitCode").asInt(0);
                    injector.ended = true;
                    // An end with no ready before it: the injector gave up before the barrier (a bad spec, say).
                    injector.ready.completeExceptionally(new IllegalStateException("ended (exit code " + exitCode
                            + ") before it was ready"));
                    injector.exited.complete(exitCode);
                }
            }
            injector.lastKey = object.key();
        }
    }

    private void merge(EcsInjector injector, InjectorBucket.Live object) {
        byte[] body = injector.bucket.get(object.key());
        Path file = files(injector.spec.id()).resolve("live").resolve(String.format("%08d.json", object.sequence()));
        try {
            Files.createDirectories(file.getParent());
            Files.write(file, body);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep batch " + object.key() + " in " + file, e);
        }
        ClientMetrics batch = ClientMetrics.read(file);
        live.add(batch);
        injector.recorder.add(batch);
        injector.batches++;
        batch.range().ifPresent(range -> lag.record(Duration.between(range.end(), clock.instant())));
    }

    /** Describes the tasks not ended: one stopped without its end mark has died. */
    private void checkTasks() {
        List<EcsInjector> open = injectors.values().stream().filter(i -> !i.exited.isDone()).toList();
        if (open.isEmpty()) {
            return;
        }
        Map<String, EcsInjectorTasks.TaskState> states = tasks.describe(open.stream().map(i -> i.arn).toList());
        for (EcsInjector injector : open) {
            EcsInjectorTasks.TaskState state = states.get(injector.arn);
            if (state != null && state.isStopped()) {
                read(injector); // its end mark may have landed since the list above
                if (!injector.exited.isDone()) {
                    String reason = "task " + state.lastStatus().toLowerCase() + ": "
                            + (state.stoppedReason() != null ? state.stoppedReason() : "no reason given");
                    injector.ready.completeExceptionally(new IllegalStateException(reason + " before it was ready"));
                    injector.exited.complete(state.exitCode() != null ? state.exitCode() : -1);
                    events.emit(InjectorFleet.SOURCE, "injector.task-stopped", Map.of("injector", injector.spec.id(),
                            "task", injector.arn, "reason", reason,
                            "exitCode", state.exitCode() != null ? state.exitCode() : "none"));
                }
            }
        }
    }

    private void emitLag(boolean last) {
        lastLagEvent = clock.instant();
        Map<String, Object> attrs = new LinkedHashMap<>(lag.describe());
        attrs.put("final", last);
        attrs.put("note", "age of the newest merged second when its batch was read from S3");
        events.emit(InjectorFleet.SOURCE, "injectors.live-lag", attrs);
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.mapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException("an injector's end mark is not JSON", e);
        }
    }

    /** How late the merged seconds were when read: the newest, the worst, the mean. */
    private static final class Lag {
        private Duration newest;
        private Duration worst = Duration.ZERO;
        private Duration sum = Duration.ZERO;
        private long count;

        synchronized void record(Duration age) {
            newest = age;
            worst = age.compareTo(worst) > 0 ? age : worst;
            sum = sum.plus(age);
            count++;
        }

        synchronized Optional<Duration> newest() {
            return Optional.ofNullable(newest);
        }

        synchronized Map<String, Object> describe() {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("batches", count);
            if (count > 0) {
                out.put("newestSecondAgeSeconds", seconds(newest));
                out.put("maxSeconds", seconds(worst));
                out.put("meanSeconds", seconds(sum.dividedBy(count)));
            }
            return out;
        }

        private static double seconds(Duration d) {
            return Math.round(d.toMillis() / 100.0) / 10.0;
        }
    }

    /** One injector task, as the fleet sees it and as its live objects tell. */
    private final class EcsInjector implements RunningInjector, Received {
        private final InjectorSpec spec;
        private final String arn;
        private final InjectorBucket bucket;
        private final CompletableFuture<Void> ready = new CompletableFuture<>();
        private final CompletableFuture<Integer> exited = new CompletableFuture<>();
        private final ClientRecorder recorder = new ClientRecorder();
        private volatile boolean ended;
        private volatile String lastKey;
        private volatile long batches;

        EcsInjector(InjectorSpec spec, String arn, InjectorBucket bucket) {
            this.spec = spec;
            this.arn = arn;
            this.bucket = bucket;
        }

        @Override
        public CompletableFuture<?> ready() {
            return ready;
        }

        @Override
        public CompletableFuture<Integer> exited() {
            return exited;
        }

        @Override
        public boolean isAlive() {
            return !exited.isDone();
        }

        @Override
        public void terminate(Duration stopTimeout) {
            // StopTask: SIGTERM; the injector ends its arrivals and sends its files before the task's stopTimeout.
            tasks.stop(arn, "gameday run " + target.runId() + ": traffic stopped");
        }

        @Override
        public void kill() {
            tasks.stop(arn, "gameday run " + target.runId() + " ended");
            ready.completeExceptionally(new IllegalStateException("stopped before it was ready"));
            if (!exited.isDone()) {
                exited.complete(-1);
            }
        }

        @Override
        public Map<String, Object> where() {
            return Map.of("task", arn, "results", bucket.location().toString());
        }

        @Override
        public String logs() {
            return "the task's log stream (task " + arn + ", objects under " + bucket.location() + ")";
        }

        @Override
        public ClientRecorder recorder() {
            return recorder;
        }

        @Override
        public boolean ended() {
            return ended;
        }

        @Override
        public boolean awaitClosed(Duration timeout) {
            try {
                exited.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return true;
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
