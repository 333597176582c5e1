package dev.gameday.orchestration.injection;

import dev.gameday.platform.LocalTarget;
import dev.gameday.platform.task.Task;
import dev.gameday.platform.task.TaskDefinition;
import dev.gameday.platform.zone.Zone;
import dev.gameday.simulation.inject.InjectorFeed;
import dev.gameday.simulation.inject.InjectorMain;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.recorder.ClientRecorder;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Injectors on the local target: tasks of a second service, {@value InjectorFleet#SERVICE}, placed
 * across the platform's zones — never tasks of the shop's service, so no experiment resolves them —
 * each streaming its samples over loopback into the harness's feed as it records them.
 */
final class LocalPlacement implements InjectorPlacement {

    /**
     * Time from launch to the latest common start: each injector's JVM and Gatling start and its
     * accounts are registered meanwhile (about 15 s for three on a busy two-core machine). Once
     * all are ready they are told to start sooner ({@link #startTogether}).
     */
    private static final Duration BARRIER_BASE = Duration.ofSeconds(20);
    private static final Duration BARRIER_PER_INJECTOR = Duration.ofSeconds(3);
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xmx384m", "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.lang=ALL-UNNAMED");

    private final LocalTarget target;
    private final Path root;
    private final InjectorFeed feed;
    private final Clock clock;

    LocalPlacement(LocalTarget target, Path root, ClientRecorder live, Clock clock) {
        this.target = target;
        this.root = root;
        this.clock = clock;
        this.feed = InjectorFeed.open(live);
    }

    @Override
    public List<String> zones() {
        return target.platform().zones().stream().map(Zone::name).toList();
    }

    @Override
    public Duration barrier(int injectors) {
        return BARRIER_BASE.plus(BARRIER_PER_INJECTOR.multipliedBy(injectors));
    }

    @Override
    public Instant startTogether(Instant at, Instant planned, List<String> ids) {
        // All or none: one not told would start at the planned instant, long after the others.
        if (!ids.stream().allMatch(id -> feed.stream(id).isPresent())) {
            return planned;
        }
        feed.startAllAt(at);
        return at;
    }

    @Override
    public void phasesOver() {
        feed.phasesOver();
    }

    @Override
    public int feedPort() {
        return feed.port();
    }

    @Override
    public InjectorSpec place(InjectorSpec planned) {
        return planned;
    }

    @Override
    public RunningInjector launch(InjectorSpec spec, Instant startAt) {
        TaskDefinition definition = new TaskDefinition(InjectorMain.class.getName(), JVM, Map.of(), Duration.ZERO,
                InjectorFleet.STOP_TIMEOUT, Duration.between(clock.instant(), startAt), root);
        Task task = Task.launch(spec.id(), new Zone(spec.zone()), definition,
                Map.of(InjectorSpec.ENVIRONMENT, spec.toJson(), InjectorMain.WATCH_STDIN, "1"));
        return new RunningInjector() {
            @Override
            public CompletableFuture<?> ready() {
                return task.ready();
            }

            @Override
            public CompletableFuture<Integer> exited() {
                return task.exited();
            }

            @Override
            public boolean isAlive() {
                return task.isAlive();
            }

            @Override
            public void terminate(Duration stopTimeout) {
                CompletableFuture.runAsync(() -> task.terminate(stopTimeout));
            }

            @Override
            public void kill() {
                task.kill();
            }

            @Override
            public Map<String, Object> where() {
                return Map.of("pid", task.pid());
            }

            @Override
            public String logs() {
                return task.logFile().toString();
            }
        };
    }

    @Override
    public Path files(String id) {
        return root.resolve(id);
    }

    @Override
    public void fetch(String id) {
        // The injector wrote its files into the run directory itself.
    }

    @Override
    public Optional<Received> received(String id) {
        return feed.stream(id).map(s -> new Received() {
            @Override
            public ClientRecorder recorder() {
                return s.recorder();
            }

            @Override
            public boolean ended() {
                return s.ended();
            }

            @Override
            public boolean awaitClosed(Duration timeout) {
                return s.awaitClosed(timeout);
            }
        });
    }

    @Override
    public String service() {
        return InjectorFleet.SERVICE;
    }

    @Override
    public String liveFigures() {
        return "every sample streams over loopback: live figures are at most about a second late";
    }

    @Override
    public Map<String, Object> liveLag() {
        return Map.of();
    }

    @Override
    public Optional<Duration> late() {
        return feed.late();
    }

    @Override
    public void close() {
        feed.close();
    }
}
