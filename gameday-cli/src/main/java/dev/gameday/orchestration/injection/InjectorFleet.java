package dev.gameday.orchestration.injection;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.core.target.Target;
import dev.gameday.definition.LoadSpec;
import dev.gameday.orchestration.LiveInjectors;
import dev.gameday.orchestration.ShopperTraffic;
import dev.gameday.aws.target.AwsTarget;
import dev.gameday.platform.LocalTarget;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientMetrics;
import dev.gameday.simulation.recorder.ClientRecorder;
import dev.gameday.simulation.recorder.RequestSecond;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A game day's traffic sent by {@code load.injectors} injector processes instead of the harness's
 * JVM, placed round robin across zones by an {@link InjectorPlacement}: locally each injector is a
 * task of a second service, {@value #SERVICE}, streaming over loopback ({@link LocalPlacement}); on
 * AWS a stand-alone ECS Fargate task of the target file's injector task definition, sending its
 * samples through S3 ({@link EcsPlacement}). Neither is ever a task of the shop's service, so no
 * experiment resolves it as a target (its zone can still be cut: it is recorded with its figures).
 *
 * <p>Its life: the harness launches every injector with its {@link InjectorSpec} (in the task's
 * environment, an ECS container override on AWS), and waits for each to report ready before the
 * common start instant — or stops them all and fails, naming the ones that were not. While the
 * traffic runs, every sample reaches the harness's live recorder, so the guardrails, live waits and
 * status line read the whole game day's figures (a second late locally, a few on AWS: the placement
 * says how late). An injector that exits before it is asked to, or whose stream closes without its
 * end mark, is reported ({@code injector.died}) and the run goes on with the others: it is judged on
 * what was sent. Every way out stops every injector. At the end {@link #merge} writes the exact merge
 * of every injector's files into the run.
 */
public final class InjectorFleet implements ShopperTraffic {

    /** The local service injector tasks belong to. */
    public static final String SERVICE = "gameday-injectors";
    static final String SOURCE = "injectors";
    /** SIGTERM to SIGKILL: an injector stops its arrivals and writes its files in this time. */
    static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);
    /** From telling ready injectors to start to their common start: enough for the word to reach them all. */
    static final Duration START_NOTICE = Duration.ofMillis(500);

    private final List<Launched> injectors;
    private final InjectorPlacement placement;
    private final ClientRecorder live;
    private final EventLog events;
    private final Consumer<String> console;
    private final Consumer<String> abort;
    private volatile String stopReason;
    /** Set when the harness kills what is left at the end: those are not losses to abort for. */
    private volatile boolean killing;

    /** One launched injector. */
    private record Launched(InjectorSpec spec, InjectorPlacement.RunningInjector task) {
    }

    private InjectorFleet(List<Launched> injectors, InjectorPlacement placement, ClientRecorder live, EventLog events,
                          Consumer<String> console, Consumer<String> abort) {
        this.injectors = injectors;
        this.placement = placement;
        this.live = live;
        this.events = events;
        this.console = console;
        this.abort = abort;
    }

    /**
     * Launches the injectors and returns once all are ready, before their common start.
     *
     * @param live    the recorder the live figures read; every injector's samples are fed into it
     * @param console one line per notable thing (an injector died)
     * @param abort   aborts the game day with a reason: called when an injector dies and the game day
     *                says {@code onInjectorLoss: abort}
     * @throws IllegalStateException when the target cannot run injectors, or one is not ready by
     *                               the common start (naming it; all are stopped then)
     */
    public static InjectorFleet start(RunDirectory run, LoadSpec load, LoadProfile profile, Target target,
                                      ClientRecorder live, EventLog events, Clock clock, Consumer<String> console,
                                      Consumer<String> abort) {
        Path root = injectorsDirectory(run);
        InjectorPlacement placement;
        if (target instanceof LocalTarget local) {
            placement = new LocalPlacement(local, root, live, clock);
        } else if (target instanceof AwsTarget aws) {
            placement = new EcsPlacement(aws, root, live, events, clock);
        } else {
            throw new IllegalStateException("load.injectors: " + load.injectors() + " cannot run on the "
                    + target.kind() + " target — use 1");
        }
        Instant startAt = clock.instant().plus(placement.barrier(load.injectors()));
        List<Launched> launched = new java.util.concurrent.CopyOnWriteArrayList<>();
        Consumer<String> onLoss = load.abortOnInjectorLoss() ? abort : reason -> { };
        InjectorFleet fleet = new InjectorFleet(launched, placement, live, events, console, onLoss);
        // Ctrl-C while waiting for the barrier (minutes on AWS): the run's teardown cannot reach a fleet
        // that does not exist yet, so the fleet stops what it launched itself — and the wait ends.
        Thread stopOnExit = new Thread(() -> {
            fleet.killing = true;
            fleet.kill();
        }, "injectors-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
        try {
            List<InjectorSpec> specs = InjectorPlan.split(run.id(), load, profile, placement.zones(), target.baseUrl(),
                    startAt, root::resolve, placement.feedPort()).stream().map(placement::place).toList();
            for (InjectorSpec spec : specs) {
                InjectorPlacement.RunningInjector task = placement.launch(spec, startAt);
                launched.add(new Launched(spec, task));
                Map<String, Object> attrs = new LinkedHashMap<>(Map.of("injector", spec.id(), "zone", spec.zone(),
                        "service", placement.service(), "startAt", startAt.toString(),
                        "usersPerSecond", spec.profile().peakRate(), "shoppers", spec.shoppers()));
                attrs.putAll(task.where());
                events.emit(SOURCE, "injector.launched", attrs);
            }
            fleet.awaitReady(startAt, clock);
            // Every injector is ready: no need to wait out the barrier, which allows for the slowest start.
            Instant planned = startAt;
            startAt = placement.startTogether(clock.instant().plus(START_NOTICE), planned,
                    launched.stream().map(l -> l.spec().id()).toList());
            events.emit(SOURCE, "injectors.starting", Map.of("at", startAt.toString(), "planned", planned.toString()));
        } catch (RuntimeException e) {
            fleet.killing = true;
            fleet.kill();
            placement.close();
            throw e;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs (or ran): nothing to remove
            }
        }
        launched.forEach(fleet::watch);
        events.emit(SOURCE, "injectors.live-figures", Map.of("how", placement.liveFigures()));
        console.accept(String.format("gameday: %d injectors ready (%s), starting together at %s; %s", launched.size(),
                String.join(", ", launched.stream().map(l -> l.spec().id() + "@" + l.spec().zone()).toList()), startAt,
                placement.liveFigures()));
        return fleet;
    }

    /** {@code injectors/} of the run: one folder per injector. */
    public static Path injectorsDirectory(RunDirectory run) {
        return run.injectors();
    }

    private void awaitReady(Instant startAt, Clock clock) {
        List<String> late = new ArrayList<>();
        for (Launched l : injectors) {
            Duration left = Duration.between(clock.instant(), startAt);
            try {
                l.task().ready().get(Math.max(0, left.toMillis()), TimeUnit.MILLISECONDS);
                events.emit(SOURCE, "injector.ready", Map.of("injector", l.spec().id(), "zone", l.spec().zone()));
            } catch (TimeoutException e) {
                late.add(l.spec().id() + " (" + l.spec().zone() + "): not ready by the common start " + startAt
                        + "; see " + l.task().logs());
            } catch (ExecutionException e) {
                late.add(l.spec().id() + " (" + l.spec().zone() + "): " + e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                late.add(l.spec().id() + ": interrupted while waiting for it");
            }
        }
        if (!late.isEmpty()) {
            events.emit(SOURCE, "injectors.not-ready", Map.of("injectors", String.join("; ", late)));
            throw new IllegalStateException("injectors not ready, nothing started: " + String.join("; ", late));
        }
    }

    /** Reports an injector that exits, or whose feed breaks, before it was asked to stop. */
    private void watch(Launched l) {
        l.task().exited().thenAccept(code -> diedReason(l).ifPresent(why -> {
            events.emit(SOURCE, "injector.died", Map.of("injector", l.spec().id(), "zone", l.spec().zone(),
                    "reason", why, "lastSecond", lastSecond(l)));
            console.accept("gameday: injector " + l.spec().id() + " (" + l.spec().zone() + ") died: " + why
                    + "; its seconds so far are kept");
            if (!killing) {
                abort.accept("injector " + l.spec().id() + " (" + l.spec().zone() + ") died: " + why
                        + " (load.onInjectorLoss: abort)");
            }
        }));
    }

    /**
     * Why an injector that has exited counts as dead: its feed closed without the end mark (killed,
     * crashed), or it failed when nobody had asked it to stop. Empty while it runs, or when it ended well.
     */
    private java.util.Optional<String> diedReason(Launched l) {
        if (l.task().isAlive()) {
            return java.util.Optional.empty();
        }
        int code = exitCode(l);
        boolean fedToTheEnd = placement.received(l.spec().id())
                .map(s -> s.awaitClosed(Duration.ofSeconds(5)) && s.ended()).orElse(false);
        if (!fedToTheEnd) {
            return java.util.Optional.of("exit code " + code + "; its feed ended without its end mark");
        }
        return code != 0 && stopReason == null ? java.util.Optional.of("exit code " + code) : java.util.Optional.empty();
    }

    private String lastSecond(Launched l) {
        return placement.received(l.spec().id()).flatMap(s -> s.recorder().recordedRange())
                .map(r -> r.end().minusSeconds(1).toString()).orElse("none");
    }

    @Override
    public boolean done() {
        return injectors.stream().noneMatch(l -> l.task().isAlive());
    }

    /** How many injectors still run, and how late their figures reach the live recorder (the status line's). */
    @Override
    public java.util.Optional<LiveInjectors> injectors() {
        int running = (int) injectors.stream().filter(l -> l.task().isAlive()).count();
        return java.util.Optional.of(new LiveInjectors(running, injectors.size(), placement.late()));
    }

    /** The injectors that died before the end (see {@link #diedReason}). */
    public List<String> died() {
        return injectors.stream().filter(l -> diedReason(l).isPresent()).map(l -> l.spec().id()).toList();
    }

    /** The exit code of an injector that has exited. */
    private static int exitCode(Launched l) {
        return l.task().exited().join();
    }

    /** SIGTERM (StopTask on AWS) to every injector still running: each stops its arrivals and sends its files. */
    @Override
    public void stop(String reason) {
        stopReason = reason;
        for (Launched l : injectors) {
            if (l.task().isAlive()) {
                l.task().terminate(STOP_TIMEOUT);
            }
        }
    }

    /** Tells the injectors the phases are over, where the harness can reach them (loopback feed). */
    @Override
    public void phasesOver() {
        placement.phasesOver();
    }

    @Override
    public void end(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        try {
            for (Launched l : injectors) {
                Duration left = Duration.between(Instant.now(), deadline);
                try {
                    l.task().exited().get(Math.max(1, left.toMillis()), TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("injector " + l.spec().id() + " did not end within " + timeout);
                } catch (ExecutionException e) {
                    throw new IllegalStateException("injector " + l.spec().id() + ": " + e.getCause(), e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for injector " + l.spec().id(), e);
                }
                placement.received(l.spec().id()).ifPresent(s -> s.awaitClosed(Duration.ofSeconds(5)));
            }
        } finally {
            killing = true;
            kill(); // none outlives the run, even one that did not end in time
            placement.close();
        }
    }

    private void kill() {
        injectors.forEach(l -> l.task().kill());
    }

    /**
     * Writes the exact merge into the run: {@code metrics/client.json}'s buckets (through the
     * returned recorder) and {@code orders.jsonl}; keeps each injector's own files under
     * {@code injectors/<id>/} — for one that died without writing its {@code client.json}, the
     * samples it streamed until then — and writes {@code injectors/injectors.json}, the load per
     * injector and zone.
     *
     * @return a recorder holding the merged buckets, for the run's client metrics
     * @throws IllegalStateException when two injectors used one idempotency key
     */
    public ClientRecorder merge(RunDirectory run) {
        List<ClientMetrics> parts = new ArrayList<>();
        List<LedgerEntry> orders = new ArrayList<>();
        List<Map<String, Object>> perInjector = new ArrayList<>();
        Set<String> died = new HashSet<>(died());
        for (Launched l : injectors) {
            Path dir = placement.files(l.spec().id());
            try {
                placement.fetch(l.spec().id());
            } catch (RuntimeException e) {
                events.emit(SOURCE, "injector.files-missing", Map.of("injector", l.spec().id(), "reason", e.toString()));
                console.accept("gameday: the files of injector " + l.spec().id() + " could not be fetched (" + e.getMessage()
                        + "); what it sent live stands in");
            }
            Path clientFile = dir.resolve("client.json");
            boolean fromFeed = !Files.isRegularFile(clientFile);
            if (fromFeed) {
                // It died before writing its own: what it streamed until then stands in (its seconds are kept).
                ClientRecorder streamed = placement.received(l.spec().id()).map(InjectorPlacement.Received::recorder)
                        .orElseGet(ClientRecorder::new);
                createDirectories(dir);
                streamed.snapshot(Instant.EPOCH, Instant.now().plusSeconds(1)).writeTo(clientFile);
            }
            ClientMetrics metrics = ClientMetrics.read(clientFile);
            parts.add(metrics);
            Path ordersFile = dir.resolve("orders.jsonl");
            List<LedgerEntry> own = Files.isRegularFile(ordersFile) ? OrderLedgerFile.read(ordersFile) : List.of();
            orders.addAll(own);
            long ok = metrics.requests().stream().mapToLong(RequestSecond::ok).sum();
            long ko = metrics.requests().stream().mapToLong(RequestSecond::ko).sum();
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("id", l.spec().id());
            line.put("zone", l.spec().zone());
            line.put("service", placement.service());
            line.put("requests", ok + ko);
            line.put("ok", ok);
            line.put("ko", ko);
            line.put("orders", own.size());
            line.put("died", died.contains(l.spec().id()));
            line.put("clientFrom", fromFeed ? "feed" : "injector");
            line.put("gatlingReport", run.root().relativize(dir.resolve("gatling/index.html")).toString());
            perInjector.add(line);
            events.emit(SOURCE, "injector.load", line);
        }
        ClientMetrics merged = ClientMetrics.merge(parts.toArray(ClientMetrics[]::new));
        writeOrders(run.orders(), orders);
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("service", placement.service());
        description.put("note", "metrics/client.json and orders.jsonl are the exact merge of these injectors' files; "
                + "each injector's Gatling report covers its own share only (Gatling OSS cannot merge them)");
        Map<String, Object> lag = placement.liveLag();
        if (!lag.isEmpty()) {
            description.put("liveFigures", lag); // how late the guardrails, waits and status line read them
        }
        description.put("injectors", perInjector);
        write(run.injectorLoads(), description);
        return ClientRecorder.of(merged);
    }

    private static void writeOrders(Path file, List<LedgerEntry> orders) {
        Set<String> keys = new HashSet<>();
        for (LedgerEntry e : orders) {
            if (!keys.add(e.idempotencyKey())) {
                throw new IllegalStateException("two injectors used idempotency key " + e.idempotencyKey());
            }
        }
        StringBuilder text = new StringBuilder();
        orders.stream().sorted(java.util.Comparator.comparing(LedgerEntry::startedAt))
                .forEach(e -> text.append(OrderLedgerFile.line(e)).append('\n'));
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the merged order ledger " + file, e);
        }
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
    }

    private static void write(Path file, Object value) {
        try {
            Files.createDirectories(file.getParent());
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
