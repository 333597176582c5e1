package dev.gameday.simulation.inject;

import dev.gameday.core.json.Json;
import dev.gameday.simulation.ledger.OrderLedger;
import dev.gameday.simulation.recorder.ClientRecorder;
import dev.gameday.simulation.runner.GatlingResult;
import dev.gameday.simulation.runner.GatlingRunner;
import dev.gameday.simulation.runner.SimulationContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One shopper injector: the game day's traffic code (the same {@link GatlingRunner} and
 * simulation), run in its own process on its share of the load. It warms up (one untimed call to
 * the shop's {@code /health}), starts Gatling, which registers its accounts and then prints
 * {@code READY} and waits for the common start instant (so Gatling's own start-up is paid before
 * the barrier, not after it), sends its
 * arrivals, and writes into its output folder:
 * <ul>
 *   <li>{@code client.json} — its recorder's per-second buckets (mergeable exactly);</li>
 *   <li>{@code orders.jsonl} — its order ledger (flushed per order, so it survives a kill);</li>
 *   <li>{@code gatling/} — its Gatling HTML report;</li>
 *   <li>{@code injector.json} — its id, zone, start and end, and requests sent.</li>
 * </ul>
 * SIGTERM asks it to stop (as ECS {@code StopTask} does): arrivals end, its files are written.
 */
public final class Injector {

    private static final Logger LOG = LoggerFactory.getLogger(Injector.class);
    /** What the platform waits for on the task's output before the injector counts ready. */
    static final String READY_LINE = "READY port=0 injector=";
    private static final Duration STOP_GRACE = Duration.ofSeconds(25);

    private final InjectorSpec spec;
    private final InjectorUplink uplink;

    /** An injector whose harness is on this machine: its samples stream over loopback (the spec's feed port). */
    public Injector(InjectorSpec spec) {
        this(spec, null);
    }

    /**
     * An injector away from the harness's machine: it says it is ready, sends its samples in batches
     * and its files at its end through {@code uplink} ({@code null}: none).
     */
    public Injector(InjectorSpec spec, InjectorUplink uplink) {
        this.spec = spec;
        this.uplink = uplink;
    }

    /** Runs the injector to its end; returns 0, or 1 when Gatling crashed. */
    public int run(PrintStream console) {
        Path output = spec.output().toAbsolutePath();
        ClientRecorder recorder = new ClientRecorder();
        FeedSender feed = spec.feedPort() > 0 ? FeedSender.connect(spec.feedPort(), spec.id(), spec.zone()) : null;
        UplinkSender batches = uplink != null ? new UplinkSender(uplink, output) : null;
        recorder.listen(feed != null ? feed : batches);
        CountDownLatch done = new CountDownLatch(1);
        int exitCode = 1;
        SimulationContext context;
        try (OrderLedger ledger = OrderLedger.open(output.resolve("orders.jsonl"))) {
            context = SimulationContext.builder(spec.target(), spec.profile())
                    .mix(spec.journeyMix())
                    .thinkTime(spec.pauses())
                    .shoppers(spec.shoppers())
                    .seed(spec.seed())
                    .injector(spec.id())
                    .recorder(recorder)
                    .ledger(ledger)
                    .startAt(spec.startAt())
                    .startSignal(feed != null ? feed.startSignal() : new CompletableFuture<>())
                    .onReady(() -> {
                        console.println(READY_LINE + spec.id());
                        console.flush();
                        if (uplink != null) {
                            try {
                                uplink.ready();
                            } catch (RuntimeException e) {
                                LOG.warn("could not tell the harness injector {} is ready: {}", spec.id(), e.toString());
                            }
                        }
                        Duration early = Duration.between(Instant.now(), spec.startAt());
                        if (early.isNegative()) {
                            LOG.warn("injector {} is ready {} ms after the common start", spec.id(), early.negated().toMillis());
                        }
                    })
                    .build();
            if (feed != null) {
                // The harness says when its phases are over: journeys end then, as its own traffic's do.
                feed.phasesOver().thenRun(context::arrivalsEnded);
            }
            SimulationContext stopping = context;
            Thread hook = new Thread(() -> {
                stopping.requestStop("injector stopped (SIGTERM)");
                awaitQuietly(done, STOP_GRACE);
            }, "injector-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            warmUp(spec.target());
            Instant startedAt = Instant.now();
            GatlingResult result = GatlingRunner.builder()
                    .runDescription(spec.runId() + " " + spec.id() + " (" + spec.zone() + ")")
                    .console(false)
                    .build()
                    .run(context, output.resolve("gatling"));
            ledger.close();
            recorder.writeTo(output.resolve("client.json"));
            writeDescription(output, startedAt, Instant.now(), recorder, context.stopReason());
            exitCode = result.exitCode() == GatlingResult.CRASHED ? 1 : 0;
            return exitCode;
        } finally {
            if (feed != null) {
                feed.close();
            }
            if (batches != null) {
                batches.close();
                try {
                    uplink.finished(batches.nextSequence(), output, exitCode);
                } catch (RuntimeException e) {
                    LOG.warn("injector {}: its files did not reach the harness: {}", spec.id(), e.toString());
                }
            }
            done.countDown();
        }
    }

    private void writeDescription(Path output, Instant startedAt, Instant endedAt, ClientRecorder recorder,
                                  String stopReason) {
        Map<String, Object> description = new LinkedHashMap<>();
        description.put("id", spec.id());
        description.put("zone", spec.zone());
        description.put("startAt", spec.startAt().toString());
        description.put("gatlingStartedAt", startedAt.toString());
        description.put("endedAt", endedAt.toString());
        description.put("requests", recorder.snapshot(Instant.EPOCH, endedAt.plusSeconds(1)).requests().stream()
                .mapToLong(r -> r.ok() + r.ko()).sum());
        if (stopReason != null) {
            description.put("stopReason", stopReason);
        }
        try {
            Json.mapper().writerWithDefaultPrettyPrinter().writeValue(output.resolve("injector.json").toFile(), description);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + output.resolve("injector.json"), e);
        }
    }

    /** One untimed call: class loading and the first connection are paid before the barrier, not in the figures. */
    private static void warmUp(URI target) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        try {
            HttpResponse<Void> reply = client.send(HttpRequest.newBuilder(target.resolve("/health"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            LOG.info("warm-up: GET {}/health answered {}", target, reply.statusCode());
        } catch (IOException e) {
            LOG.warn("warm-up: GET {}/health failed: {} (the shop's failure shows in the figures)", target, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitQuietly(CountDownLatch latch, Duration timeout) {
        try {
            latch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Makes sure the output folder exists (a fresh task has none). */
    static void prepare(Path output) {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the injector's output folder " + output, e);
        }
    }
}
