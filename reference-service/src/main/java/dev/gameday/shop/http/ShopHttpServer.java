package dev.gameday.shop.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.metrics.ShopMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shop's HTTP front: the JDK's {@link HttpServer} on a bounded thread pool, turning every
 * outcome into a JSON answer (never a stack trace) and draining in-flight requests on close.
 *
 * <p>Overload is answered, not suffered: a client gets {@link Limits#requestTimeout()} to send its
 * whole request (headers and body) before its connection is closed, so slow clients cannot hold
 * worker threads for ever; and when every worker is busy and {@link Limits#queue()} requests wait
 * already, the next one is answered {@code 503} at once by a small overflow pool instead of
 * blocking the thread that accepts connections.
 */
public final class ShopHttpServer implements AutoCloseable {

    /**
     * How much the server takes on.
     *
     * @param threads        worker threads: requests handled at once
     * @param queue          requests waiting for a worker before the next ones are answered 503
     * @param requestTimeout how long a client may take to send a request (at least one second)
     */
    public record Limits(int threads, int queue, Duration requestTimeout) {
        public Limits {
            if (threads < 1 || queue < 0 || requestTimeout.toSeconds() < 1) {
                throw new IllegalArgumentException("threads ≥ 1, queue ≥ 0, requestTimeout ≥ 1 s; was "
                        + threads + ", " + queue + ", " + requestTimeout);
            }
        }
    }

    /** The JDK server's own limit on reading a request (seconds), read once per JVM. */
    private static final String MAX_REQUEST_TIME = "sun.net.httpserver.maxReqTime";

    /** Set on the overflow pool's threads: an exchange running there is answered 503 straight away. */
    private static final ThreadLocal<Boolean> OVERFLOW = ThreadLocal.withInitial(() -> false);

    /** Bodies above this are refused with 413 before they are read. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    /** How much of an oversized body is read and dropped so that the 413 reaches the client. */
    private static final long DISCARD_LIMIT_BYTES = 4L * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ShopHttpServer.class);

    private final HttpServer server;
    private final ThreadPoolExecutor executor;
    private final ThreadPoolExecutor overflow;
    private final Router router;
    private final ShopMetrics metrics;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong errorIds = new AtomicLong();
    private final AtomicLong lastUnavailableLog = new AtomicLong(System.nanoTime() - 2_000_000_000L);
    private final LongAdder unavailableSinceLog = new LongAdder();
    private volatile boolean draining;
    private volatile boolean closed;

    private ShopHttpServer(HttpServer server, ThreadPoolExecutor executor, ThreadPoolExecutor overflow, Router router,
                           ShopMetrics metrics) {
        this.server = server;
        this.executor = executor;
        this.overflow = overflow;
        this.router = router;
        this.metrics = metrics;
    }

    /**
     * Binds {@code bindAddress} (an IP literal; {@code 0.0.0.0} for every interface) on {@code port}
     * (0 = ephemeral) and starts serving.
     */
    public static ShopHttpServer start(String bindAddress, int port, Limits limits, Router router, ShopMetrics metrics)
            throws IOException {
        applyRequestTimeout(limits.requestTimeout());
        // The dispatcher thread must never run a request itself (a slow client would stop it
        // accepting connections): a full queue rejects, and the overflow pool answers 503.
        ThreadPoolExecutor executor = new ThreadPoolExecutor(limits.threads(), limits.threads(), 60, TimeUnit.SECONDS,
                limits.queue() == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(limits.queue()),
                daemon("shop-http", false), new ThreadPoolExecutor.AbortPolicy());
        // Its threads only read a request's head and answer 503; when they are all taken too the
        // JDK server closes the connection, which is all a flood deserves.
        int overflowThreads = Math.max(2, limits.threads() / 8);
        ThreadPoolExecutor overflow = new ThreadPoolExecutor(overflowThreads, overflowThreads, 60, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(256), daemon("shop-http-overflow", true), new ThreadPoolExecutor.AbortPolicy());
        Executor dispatch = exchange -> {
            try {
                executor.execute(exchange);
            } catch (RejectedExecutionException full) {
                overflow.execute(exchange);
            }
        };
        // Without TCP_NODELAY the JDK server's small responses wait for the client's delayed ACK:
        // a 40 ms stall on every request (bench/reference-service measured 180 req/s with it,
        // 14,000 without). The property is read once per JVM, before the first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // A literal never needs DNS; ShopConfig has checked it is one.
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 1024);
        ShopHttpServer s = new ShopHttpServer(server, executor, overflow, router, metrics);
        server.createContext("/", s::handle);
        server.setExecutor(dispatch);
        server.start();
        metrics.gauge("shop_http_in_flight_requests", s.inFlight::get);
        metrics.gauge("shop_http_queued_requests", () -> executor.getQueue().size());
        return s;
    }

    private static ThreadFactory daemon(String name, boolean overflowPool) {
        return r -> {
            Thread t = new Thread(() -> {
                OVERFLOW.set(overflowPool);
                r.run();
            }, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * The JDK server closes a connection whose request is not read in full within this time
     * (headers and body: the blocked read of a worker then fails and frees it). The setting is
     * read once per JVM, when the first server starts: a shop process has one server.
     */
    private static void applyRequestTimeout(Duration timeout) {
        String seconds = Long.toString(timeout.toSeconds());
        String current = System.getProperty(MAX_REQUEST_TIME);
        if (current == null) {
            System.setProperty(MAX_REQUEST_TIME, seconds);
        } else if (!current.equals(seconds)) {
            log.warn("request timeout of this JVM's HTTP servers is already {} s; {} s is ignored", current, seconds);
        }
    }

    /** The address the server listens on. */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public boolean draining() {
        return draining;
    }

    public int inFlight() {
        return inFlight.get();
    }

    /** Requests accepted and waiting for a worker thread. */
    public int queued() {
        return executor.getQueue().size();
    }

    /**
     * Drains: marks the server draining (health answers 503), stops accepting connections, waits up
     * to {@code timeout} for in-flight requests to finish, then closes every connection.
     */
    public void drain(Duration timeout) {
        if (closed) {
            return;
        }
        draining = true;
        // HttpServer.stop(delay) closes the listening socket at once and then waits; on JDK 17 it
        // waits the whole delay even when nothing is in flight, so it runs aside and a second
        // stop(0) ends it as soon as our own in-flight count says the last answer went out.
        int seconds = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toSeconds() + 1));
        Thread stopper = new Thread(() -> server.stop(seconds), "shop-http-stop");
        stopper.setDaemon(true);
        stopper.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        // Requests queued for a worker thread count too: they were accepted and deserve an answer.
        while ((inFlight.get() > 0 || !executor.getQueue().isEmpty()) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (inFlight.get() > 0) {
            log.warn("drain timeout {} reached with {} requests still in flight", timeout, inFlight.get());
        }
        server.stop(0);
        try {
            stopper.join(TimeUnit.SECONDS.toMillis(seconds));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
        overflow.shutdownNow();
        closed = true;
    }

    @Override
    public void close() {
        drain(Duration.ZERO);
    }

    private void handle(HttpExchange exchange) {
        if (OVERFLOW.get()) {
            refuseOverloaded(exchange);
            return;
        }
        inFlight.incrementAndGet();
        long start = System.nanoTime();
        String label = "unmatched";
        int status = 500;
        try {
            Response response;
            try {
                Router.Match match = router.match(exchange.getRequestMethod(), exchange.getRequestURI().getPath());
                label = match.route().label();
                byte[] body = readBody(exchange);
                Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        match.params(), Request.parseQuery(exchange.getRequestURI().getRawQuery()),
                        exchange.getRequestHeaders(), body, exchange.getRemoteAddress().getAddress());
                response = match.route().handler().handle(request);
            } catch (Throwable t) {
                response = toResponse(t, exchange);
            }
            status = response.status();
            send(exchange, response);
        } finally {
            exchange.close();
            inFlight.decrementAndGet();
            metrics.recordRequest(label, status, System.nanoTime() - start);
        }
    }

    /** Every worker is busy and the queue is full: say so at once rather than make the client wait. */
    private void refuseOverloaded(HttpExchange exchange) {
        long start = System.nanoTime();
        try {
            // The body is never read; closing the connection afterwards discards it.
            exchange.getResponseHeaders().set("Connection", "close");
            send(exchange, Response.error(503, "server busy, try again").withHeader("Retry-After", "1"));
        } finally {
            exchange.close();
            metrics.recordRequest("overloaded", 503, System.nanoTime() - start);
        }
    }

    private Response toResponse(Throwable t, HttpExchange exchange) {
        if (t instanceof ApiException api) {
            return Response.error(api.status(), api.getMessage());
        }
        if (t instanceof Router.MethodNotAllowed mna) {
            return Response.error(405, mna.getMessage()).withHeader("Allow", mna.allow());
        }
        if (ShopDataSource.isUnavailable(t)) {
            // An outage fails every request; one line a second (with a count) says as much as thousands.
            long now = System.nanoTime();
            long last = lastUnavailableLog.get();
            if (now - last >= 1_000_000_000L && lastUnavailableLog.compareAndSet(last, now)) {
                log.warn("database unavailable ({} more since the last report), e.g. {} {}: {}",
                        unavailableSinceLog.sumThenReset(), exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), rootMessage(t));
            } else {
                unavailableSinceLog.increment();
            }
            return Response.error(503, "database unavailable");
        }
        long id = errorIds.incrementAndGet();
        log.error("internal error #{} for {} {}", id, exchange.getRequestMethod(), exchange.getRequestURI().getPath(), t);
        return Response.error(500, "internal error");
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + ": " + c.getMessage();
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        long length = -1;
        if (declared != null) {
            try {
                length = Long.parseLong(declared.trim());
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("malformed Content-Length");
            }
        }
        // Reading blocks, but not for ever: the JDK server closes a connection whose request takes
        // longer than the request timeout, and the read then fails here.
        try (InputStream in = exchange.getRequestBody()) {
            if (length > MAX_BODY_BYTES) {
                throw tooLarge(in);
            }
            byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
            if (body.length > MAX_BODY_BYTES) {
                throw tooLarge(in);
            }
            return body;
        } catch (IOException e) {
            // The client went away or was too slow; the answer will most likely not reach it either.
            throw new ApiException(400, "request body incomplete");
        }
    }

    /**
     * Reads and drops an oversized body (up to a bound) before answering 413: closing a socket
     * with unread bytes makes the kernel send a reset, and the client would never see the 413.
     */
    private static ApiException tooLarge(InputStream in) throws IOException {
        long dropped = 0;
        byte[] sink = new byte[8192];
        int n;
        while (dropped < DISCARD_LIMIT_BYTES && (n = in.read(sink)) >= 0) {
            dropped += n;
        }
        return new ApiException(413, "request body larger than " + MAX_BODY_BYTES + " bytes");
    }

    private void send(HttpExchange exchange, Response response) {
        try {
            exchange.getResponseHeaders().set("Content-Type", response.contentType());
            // Browsers must take every answer for the type it says it is (no HTML sniffed from JSON).
            exchange.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
            for (Map.Entry<String, String> h : response.headers().entrySet()) {
                exchange.getResponseHeaders().set(h.getKey(), h.getValue());
            }
            if (draining) {
                // Tell keep-alive clients to reconnect, which lands them on another task.
                exchange.getResponseHeaders().set("Connection", "close");
            }
            if (response.writer() != null) {
                exchange.sendResponseHeaders(response.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    response.writer().writeTo(out);
                } catch (Exception e) {
                    // Headers are gone already: all we can do is cut the stream short and log.
                    log.error("failed while streaming {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(), e);
                }
                return;
            }
            byte[] body = response.body();
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), body.length == 0 || head ? -1 : body.length);
            if (!head && body.length > 0) {
                try (OutputStream out = exchange.getResponseBody()) {
                    response.writeBody(out);
                }
            }
        } catch (IOException e) {
            // The client went away; nothing to answer.
            log.debug("client gone during response: {}", e.toString());
        }
    }
}
