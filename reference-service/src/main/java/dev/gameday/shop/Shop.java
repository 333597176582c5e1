package dev.gameday.shop;

import com.nimbusds.jose.jwk.RSAKey;
import dev.gameday.shop.account.Accounts;
import dev.gameday.shop.account.ExternalUsers;
import dev.gameday.shop.account.SigningKeys;
import dev.gameday.shop.account.Tokens;
import dev.gameday.shop.admin.AuditEndpoint;
import dev.gameday.shop.cart.Carts;
import dev.gameday.shop.catalogue.Catalogue;
import dev.gameday.shop.catalogue.CatalogueSeeder;
import dev.gameday.shop.checkout.Checkout;
import dev.gameday.shop.checkout.OrderPlacedListener;
import dev.gameday.shop.db.ShopDataSource;
import dev.gameday.shop.db.Migrations;
import dev.gameday.shop.fulfilment.FulfilmentQueue;
import dev.gameday.shop.fulfilment.FulfilmentWorker;
import dev.gameday.shop.fulfilment.OrderPublisher;
import dev.gameday.shop.health.Health;
import dev.gameday.shop.http.Route;
import dev.gameday.shop.http.Router;
import dev.gameday.shop.http.ShopHttpServer;
import dev.gameday.shop.metrics.EmfPublisher;
import dev.gameday.shop.metrics.ShopMetrics;
import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running shop task: database pool, schema, HTTP server and (when a queue is configured) the
 * fulfilment worker. Ready to serve when {@link #start(ShopConfig)} returns; {@link #close()} drains
 * in-flight requests within the configured drain timeout and releases everything.
 *
 * <pre>{@code
 * try (Shop shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "").build())) {
 *     URI base = shop.baseUrl();
 * }
 * }</pre>
 */
public final class Shop implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Shop.class);

    /** How long start-up keeps retrying a database that is not reachable yet. */
    private static final Duration STARTUP_DB_WAIT = Duration.ofSeconds(30);

    private final ShopConfig config;
    private final ShopDataSource db;
    /** The reader endpoint's pool catalogue reads use; {@code db} itself when the shop was given none. */
    private final ShopDataSource readerDb;
    private final FulfilmentQueue queue;
    private final FulfilmentWorker worker;
    private final ShopHttpServer server;
    private final Router router;
    private final AtomicBoolean draining;
    private final EmfPublisher emf;
    private final AtomicBoolean closing = new AtomicBoolean();
    private final CountDownLatch closed = new CountDownLatch(1);

    private Shop(ShopConfig config, ShopDataSource db, ShopDataSource readerDb, FulfilmentQueue queue, FulfilmentWorker worker,
                 ShopHttpServer server, Router router, AtomicBoolean draining, EmfPublisher emf) {
        this.config = config;
        this.db = db;
        this.readerDb = readerDb;
        this.queue = queue;
        this.worker = worker;
        this.server = server;
        this.router = router;
        this.draining = draining;
        this.emf = emf;
    }

    /**
     * Starts a shop task: migrates and seeds the shared database (safe when several tasks start
     * together), then listens. Throws {@link IllegalStateException} when it cannot start.
     */
    public static Shop start(ShopConfig config) {
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            ShopMetrics metrics = new ShopMetrics();
            ShopDataSource db = new ShopDataSource(config);
            opened.add(db);
            RSAKey key = migrate(db, config);
            ShopDataSource readerDb = ShopDataSource.reader(config, db);
            if (readerDb != db) {
                opened.add(readerDb);
            }
            Tokens tokens = new Tokens(key, config, new ExternalUsers(db));

            FulfilmentQueue queue = null;
            FulfilmentWorker worker = null;
            OrderPlacedListener listener = OrderPlacedListener.NONE;
            if (config.queueUrl() != null) {
                queue = new FulfilmentQueue(config);
                opened.add(queue);
                OrderPublisher publisher = new OrderPublisher(queue, db);
                listener = publisher;
                worker = new FulfilmentWorker(queue, publisher, db, metrics).start();
                opened.add(0, worker);
            }

            AtomicBoolean draining = new AtomicBoolean();
            List<Route> routes = new ArrayList<>();
            routes.addAll(new Health(config.zone(), config.taskId(), draining::get, db, queue, metrics).routes());
            // Browsing reads what checkout wrote earlier, not what it writes now: a reader's lag is fine there.
            routes.addAll(new Catalogue(readerDb).routes());
            routes.addAll(new Accounts(db, tokens, metrics).routes());
            routes.addAll(tokens.routes());
            routes.addAll(new Carts(db, tokens).routes());
            routes.addAll(new Checkout(db, tokens, listener, metrics).routes());
            routes.addAll(new AuditEndpoint(db, config.adminToken()).routes());
            routes.add(OpenApi.route());
            Router router = new Router(routes);

            metrics.gauge("shop_db_pool_active_connections", () -> db.pool().getActiveConnections());
            metrics.gauge("shop_db_pool_idle_connections", () -> db.pool().getIdleConnections());
            metrics.gauge("shop_db_pool_total_connections", () -> db.pool().getTotalConnections());
            metrics.gauge("shop_db_pool_pending_threads", () -> db.pool().getThreadsAwaitingConnection());
            metrics.gauge("shop_db_pool_max_connections", config::dbPoolSize);

            EmfPublisher emf = null;
            if (config.emfNamespace() != null) {
                emf = EmfPublisher.start(config.emfNamespace(), config.emfService(),
                        Map.of("TaskId", config.taskId(), "Zone", config.zone()), metrics, System.out::println);
                opened.add(emf);
            }
            ShopHttpServer server = ShopHttpServer.start(config.bindAddress(), config.port(),
                    new ShopHttpServer.Limits(config.httpThreads(), config.httpQueue(), config.requestTimeout()), router, metrics);
            log.info("shop task {} in zone {} listening on {}:{}", config.taskId(), config.zone(), config.bindAddress(),
                    server.port());
            return new Shop(config, db, readerDb, queue, worker, server, router, draining, emf);
        } catch (Exception e) {
            for (AutoCloseable c : opened) {
                try {
                    c.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
            }
            throw new IllegalStateException("shop failed to start: " + e.getMessage(), e);
        }
    }

    private static RSAKey migrate(ShopDataSource db, ShopConfig config) throws Exception {
        long deadline = System.nanoTime() + STARTUP_DB_WAIT.toNanos();
        while (true) {
            RSAKey[] key = new RSAKey[1];
            try {
                Migrations.migrate(db, c -> {
                    int seeded = CatalogueSeeder.seedIfEmpty(c, config.seedProducts());
                    if (seeded > 0) {
                        log.info("seeded the catalogue with {} products", seeded);
                    }
                    key[0] = SigningKeys.loadOrCreate(c);
                });
                return key[0];
            } catch (Exception e) {
                if (!ShopDataSource.isUnavailable(e) || System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("database not reachable yet, retrying: {}", e.toString());
                Thread.sleep(500);
            }
        }
    }

    /** The port the shop listens on (the real one when configured with 0). */
    public int port() {
        return server.port();
    }

    /** {@code http://127.0.0.1:<port>} (or the address the shop is bound to, when that is not every interface). */
    public URI baseUrl() {
        InetAddress bound = server.address().getAddress();
        if (bound.isAnyLocalAddress()) {
            return URI.create("http://127.0.0.1:" + port());
        }
        String host = bound.getHostAddress();
        return URI.create("http://" + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port());
    }

    public ShopConfig config() {
        return config;
    }

    /** Every route the server knows, e.g. for checking the OpenAPI document against it. */
    List<Route> routes() {
        return router.routes();
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitClosed() throws InterruptedException {
        closed.await();
    }

    /**
     * Drains and stops: /health turns 503, no new connections, in-flight requests get up to the
     * drain timeout, then the worker stops and the pool closes. Safe to call more than once.
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            try {
                closed.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            draining.set(true);
            if (worker != null) {
                worker.stopPolling(); // its long poll ends while the HTTP side drains
            }
            log.info("draining: up to {} for {} in-flight requests", config.drainTimeout(), server.inFlight());
            server.drain(config.drainTimeout());
            if (worker != null) {
                worker.close();
            }
            if (queue != null) {
                queue.close();
            }
            if (readerDb != db) {
                readerDb.close();
            }
            db.close();
            if (emf != null) {
                emf.close(); // after the drain: the last requests are still counted
            }
            log.info("shop task {} stopped", config.taskId());
        } finally {
            closed.countDown();
        }
    }
}
