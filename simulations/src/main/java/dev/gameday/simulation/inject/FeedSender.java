package dev.gameday.simulation.inject;

import dev.gameday.simulation.recorder.ClientRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The injector's end of the feed: every sample its recorder takes goes, a few times a second, to
 * the harness over loopback ({@link InjectorFeed} has the line format). Gatling's threads only
 * queue a line; one thread writes. If the harness is gone the samples are dropped: the
 * injector's own {@code client.json} is still written.
 */
final class FeedSender implements ClientRecorder.Listener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FeedSender.class);
    /** How often queued samples are written: the harness's live figures are this much late at most, plus a second. */
    static final Duration FLUSH = Duration.ofMillis(200);
    private static final String END = "E";

    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Socket socket;
    private final Writer out;
    private final Thread writer;
    private final CompletableFuture<Instant> startSignal = new CompletableFuture<>();
    private final CompletableFuture<Void> phasesOver = new CompletableFuture<>();
    private volatile boolean broken;

    private FeedSender(Socket socket, String id, String zone) throws IOException {
        this.socket = socket;
        this.out = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
        lines.add(InjectorFeed.hello(id, zone));
        this.writer = new Thread(this::write, "injector-feed");
        writer.setDaemon(true);
        writer.start();
        Thread listener = new Thread(this::listen, "injector-feed-listen");
        listener.setDaemon(true);
        listener.start();
    }

    /**
     * Completes with the instant the harness says to start at, once every injector is ready;
     * never, when it does not say (the spec's common start holds).
     */
    CompletableFuture<Instant> startSignal() {
        return startSignal;
    }

    /** Completes when the harness says the game day's phases are over; never, when it does not say. */
    CompletableFuture<Void> phasesOver() {
        return phasesOver;
    }

    /** Reads what the harness answers on the feed: its start and phases-over lines. */
    private void listen() {
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals(InjectorFeed.PHASES_OVER)) {
                    phasesOver.complete(null);
                } else {
                    InjectorFeed.startOf(line).ifPresent(startSignal::complete);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("the feed's answers ended: {}", e.toString());
        }
    }

    /** Connects to the harness's feed on {@code port} of the loopback interface. */
    static FeedSender connect(int port, String id, String zone) {
        try {
            return new FeedSender(new Socket(InetAddress.getLoopbackAddress(), port), id, zone);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the harness's feed on loopback port " + port + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void requestRecorded(String request, Instant sentAt, long responseMillis, boolean ok) {
        lines.add(InjectorFeed.request(request, sentAt, responseMillis, ok));
    }

    @Override
    public void journeyStarted(String journey, Instant at) {
        lines.add(InjectorFeed.journey(journey, at));
    }

    private void write() {
        List<String> batch = new ArrayList<>();
        try {
            while (true) {
                String first = lines.poll(FLUSH.toMillis(), TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                lines.drainTo(batch);
                boolean end = false;
                for (String line : batch) {
                    out.write(line);
                    out.write('\n');
                    end |= line.equals(END);
                }
                out.flush();
                if (end) {
                    return;
                }
            }
        } catch (IOException e) {
            broken = true;
            LOG.warn("the feed to the harness broke ({}); samples from now on are only in this injector's files", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends what is queued and the end mark (the harness then knows nothing was lost), and closes. */
    @Override
    public void close() {
        lines.add(END);
        try {
            writer.join(Duration.ofSeconds(10).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive() && !broken) {
            LOG.warn("the feed to the harness did not drain within 10 s");
        }
        try {
            socket.close();
        } catch (IOException e) {
            LOG.debug("closing the feed: {}", e.toString());
        }
    }
}
