package dev.gameday.simulation.inject;

import dev.gameday.simulation.recorder.ClientRecorder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The harness's end of the injectors' feeds: a loopback server every injector streams its samples
 * to as it records them. Each sample goes into the game day's live recorder — which, fed every
 * injector's samples, is the one recorder the guardrails, live waits and status line read — and
 * into that injector's own copy, which stands in for its {@code client.json} when it dies before
 * writing one (its seconds up to then are kept).
 *
 * <p>One line per message, tab-separated: {@code H id zone} (hello), {@code R request
 * sentEpochMillis responseMillis ok(1|0)}, {@code J journey epochMillis}, {@code E} (the end:
 * nothing more comes). A feed closed without {@code E} lost its injector mid-run. The harness
 * answers on the same connection: {@code S epochMillis}, every injector is ready, start then rather
 * than at the common start the spec gave ({@link #startAllAt}); {@code P}, the game day's phases
 * are over, end the journeys now rather than a grace after the last arrival ({@link #phasesOver}).
 */
public final class InjectorFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(InjectorFeed.class);

    private final ServerSocket server;
    private final ClientRecorder live;
    private final Map<String, Stream> streams = new ConcurrentHashMap<>();
    private final Thread acceptor;

    /** What one injector has streamed so far. */
    public static final class Stream {
        private final String id;
        private final String zone;
        private Writer toInjector;
        private final ClientRecorder recorder = new ClientRecorder();
        private final CountDownLatch closed = new CountDownLatch(1);
        private volatile boolean ended;
        private volatile long samples;
        /** How late the newest sample arrived: from its response to its line being read here; -1 before any. */
        private volatile long lateMillis = -1;

        Stream(String id, String zone) {
            this.id = id;
            this.zone = zone;
        }

        public String id() {
            return id;
        }

        public String zone() {
            return zone;
        }

        /** This injector's samples alone. */
        public ClientRecorder recorder() {
            return recorder;
        }

        /** Whether the injector sent its end mark: every sample it took arrived. */
        public boolean ended() {
            return ended;
        }

        /** How many requests it streamed. */
        public long samples() {
            return samples;
        }

        /**
         * How late its newest sample reached the harness, from the response that ended it to its
         * line being read here (the live figures' lag over loopback); empty before its first sample.
         */
        public Optional<Duration> late() {
            long late = lateMillis;
            return late < 0 ? Optional.empty() : Optional.of(Duration.ofMillis(late));
        }

        /** Whether its feed has closed (end mark or not). */
        public boolean isClosed() {
            return closed.getCount() == 0;
        }

        /** Waits for the feed to close (end mark or not); returns whether it did within {@code timeout}. */
        public boolean awaitClosed(Duration timeout) {
            try {
                return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    private InjectorFeed(ServerSocket server, ClientRecorder live) {
        this.server = server;
        this.live = live;
        this.acceptor = new Thread(this::accept, "injector-feed-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** Listens on a free loopback port; samples go into {@code live} (and each injector's copy). */
    public static InjectorFeed open(ClientRecorder live) {
        try {
            return new InjectorFeed(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), live);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the injectors' feed on loopback", e);
        }
    }

    /** The port injectors connect to. */
    public int port() {
        return server.getLocalPort();
    }

    /**
     * How late the live figures are: the newest sample's lag ({@link Stream#late}) of the open stream
     * furthest behind; empty before any sample, or once every stream has closed.
     */
    public Optional<Duration> late() {
        return streams.values().stream().filter(s -> !s.isClosed()).flatMap(s -> s.late().stream())
                .max(Duration::compareTo);
    }

    /** The stream of injector {@code id}, once it said hello. */
    public Optional<Stream> stream(String id) {
        return Optional.ofNullable(streams.get(id));
    }

    static String hello(String id, String zone) {
        return "H\t" + id + "\t" + zone;
    }

    static String request(String request, Instant sentAt, long responseMillis, boolean ok) {
        return "R\t" + request + "\t" + sentAt.toEpochMilli() + "\t" + responseMillis + "\t" + (ok ? 1 : 0);
    }

    static String journey(String journey, Instant at) {
        return "J\t" + journey + "\t" + at.toEpochMilli();
    }

    static String start(Instant at) {
        return "S\t" + at.toEpochMilli();
    }

    static final String PHASES_OVER = "P";

    /** The start instant of an {@code S} line, empty for any other line. */
    static Optional<Instant> startOf(String line) {
        String[] f = line.split("\t", -1);
        return f.length == 2 && f[0].equals("S") ? Optional.of(Instant.ofEpochMilli(Long.parseLong(f[1]))) : Optional.empty();
    }

    /**
     * Tells every injector that said hello to start its arrivals at {@code at} instead of its
     * spec's common start (every injector is ready, so none need wait for it). Returns the ids it
     * reached; one it did not reach starts at the spec's instant.
     */
    public List<String> startAllAt(Instant at) {
        return tellAll(start(at));
    }

    /**
     * Tells every injector still streaming that the game day's phases are over, so its journeys end
     * at their next step as the harness's own do. Returns the ids it reached; one it did not reach
     * ends its journeys a grace after its last arrival.
     */
    public List<String> phasesOver() {
        return tellAll(PHASES_OVER);
    }

    private List<String> tellAll(String line) {
        List<String> told = new ArrayList<>();
        for (Stream stream : streams.values()) {
            if (stream.isClosed()) {
                continue;
            }
            synchronized (stream) {
                try {
                    stream.toInjector.write(line + "\n");
                    stream.toInjector.flush();
                    told.add(stream.id);
                } catch (IOException | RuntimeException e) {
                    LOG.warn("injector feed: could not tell {} '{}': {}", stream.id, line, e.toString());
                }
            }
        }
        return told;
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> read(socket), "injector-feed-read");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.warn("injector feed: accept failed: {}", e.toString());
                }
            }
        }
    }

    private void read(Socket socket) {
        Stream stream = null;
        try (socket; BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                switch (f[0]) {
                    case "H" -> {
                        stream = new Stream(f[1], f[2]);
                        stream.toInjector = new BufferedWriter(new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8));
                        if (streams.putIfAbsent(f[1], stream) != null) {
                            LOG.warn("injector feed: a second feed said it is {}; ignored", f[1]);
                            return;
                        }
                    }
                    case "R" -> {
                        Instant sent = Instant.ofEpochMilli(Long.parseLong(f[2]));
                        Duration took = Duration.ofMillis(Long.parseLong(f[3]));
                        boolean ok = f[4].equals("1");
                        live.record(f[1], sent, took, ok);
                        stream.recorder.record(f[1], sent, took, ok);
                        stream.samples++;
                        // Its response came at sent + took; a clock earlier than that (rounding) reads as 0.
                        stream.lateMillis = Math.max(0, System.currentTimeMillis() - sent.plus(took).toEpochMilli());
                    }
                    case "J" -> {
                        Instant at = Instant.ofEpochMilli(Long.parseLong(f[2]));
                        live.journeyStarted(f[1], at);
                        stream.recorder.journeyStarted(f[1], at);
                    }
                    case "E" -> stream.ended = true;
                    default -> LOG.warn("injector feed: unknown line '{}'", line);
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("injector feed{}: {}", stream == null ? "" : " of " + stream.id, e.toString());
        } finally {
            if (stream != null) {
                stream.closed.countDown();
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("closing the injector feed: {}", e.toString());
        }
    }
}
