package dev.gameday.simulation.inject;

import dev.gameday.simulation.recorder.ClientRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The injector's end of an {@link InjectorUplink}: every sample its recorder takes is queued (Gatling's
 * threads do nothing more), and every {@link #INTERVAL} one thread turns what was queued into a batch —
 * a recorder of its own, written in the {@code client.json} shape to {@code live/<sequence>.json} of the
 * output folder — and hands it to the uplink. Each sample is in exactly one batch, whatever second it
 * belongs to (a timeout lands in the batch of when it ended), so the batches add up exactly to the
 * injector's {@code client.json}. A failed hand-over is logged and the batch kept on disk: its samples
 * are still in the injector's own files.
 */
public final class UplinkSender implements ClientRecorder.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(UplinkSender.class);
    /** How often a batch goes up: the harness's live figures are this much late, plus its poll and a second. */
    public static final Duration INTERVAL = Duration.ofSeconds(2);

    private sealed interface Sample permits Request, Journey {
    }

    private record Request(String name, Instant sentAt, long responseMillis, boolean ok) implements Sample {
    }

    private record Journey(String name, Instant at) implements Sample {
    }

    private final BlockingQueue<Sample> queue = new LinkedBlockingQueue<>();
    private final InjectorUplink uplink;
    private final Path live;
    private final ScheduledExecutorService sender;
    private long sequence;

    /** Starts sending batches to {@code uplink}, keeping each on disk under {@code output/live/}. */
    public UplinkSender(InjectorUplink uplink, Path output) {
        this.uplink = uplink;
        this.live = output.resolve("live");
        try {
            Files.createDirectories(live);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + live, e);
        }
        this.sender = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "injector-uplink");
            t.setDaemon(true);
            return t;
        });
        sender.scheduleWithFixedDelay(() -> flush(null), INTERVAL.toMillis(), INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void requestRecorded(String request, Instant sentAt, long responseMillis, boolean ok) {
        queue.add(new Request(request, sentAt, responseMillis, ok));
    }

    @Override
    public void journeyStarted(String journey, Instant at) {
        queue.add(new Journey(journey, at));
    }

    /** Sends what is queued (after {@code first}, if any) as one batch; returns whether there was anything. */
    private synchronized boolean flush(Sample first) {
        List<Sample> batch = new ArrayList<>();
        if (first != null) {
            batch.add(first);
        }
        queue.drainTo(batch);
        if (batch.isEmpty()) {
            return false;
        }
        ClientRecorder recorder = new ClientRecorder();
        for (Sample s : batch) {
            if (s instanceof Request r) {
                recorder.record(r.name(), r.sentAt(), Duration.ofMillis(r.responseMillis()), r.ok());
            } else if (s instanceof Journey j) {
                recorder.journeyStarted(j.name(), j.at());
            }
        }
        long n = ++sequence;
        Path file = live.resolve(String.format("%08d.json", n));
        // Every second of the batch: samples of a long timeout belong to an old second.
        recorder.snapshot(Instant.EPOCH, Instant.now().plusSeconds(3600)).writeTo(file);
        try {
            uplink.samples(n, file);
        } catch (RuntimeException e) {
            LOG.warn("batch {} of samples did not reach the harness ({}); they are in this injector's files", n, e.toString());
        }
        return true;
    }

    /** Stops the schedule (a batch on its way is let finish) and sends what is left as a last batch. */
    @Override
    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush(null);
    }

    /** The sequence after the last batch sent: the end mark's. */
    public synchronized long nextSequence() {
        return sequence + 1;
    }
}
