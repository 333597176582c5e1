package dev.gameday.simulation.journey;

import dev.gameday.core.order.CheckoutAttempt;
import dev.gameday.core.order.OrderOutcome;
import dev.gameday.simulation.ledger.PendingOrder;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;
import dev.gameday.simulation.runner.SimulationContext;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.asLongAs;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.feed;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.onCase;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * Shopper traffic against the reference shop: arrivals follow the context's {@link LoadProfile}
 * (open model), each arriving shopper takes a journey drawn from the {@link JourneyMix} —
 * browser, cart abandoner or buyer — with think times drawn from the context's {@link ThinkTime} distribution between steps. Every
 * request is fed to the {@link ClientRecorder}; every checkout goes to the order ledger.
 *
 * <p>Journeys carry on through failed steps (a failed login leaves a token that the shop will
 * refuse): in an open model the offered load must not drop because the shop is failing, or the
 * failures it would have met go unmeasured. Configured through {@link SimulationContext#current()}.
 */
public class ShopperSimulation extends Simulation {

    /** Stable, short request names: the {@code Request} dimension and the Gatling report's rows. */
    public static final List<String> REQUEST_NAMES = List.of(
            "categories", "products", "product", "search", "sign up", "login", "cart add", "cart view", "checkout",
            "order status");

    static final String TOKEN = "token";
    static final String ORDER = "order";
    static final String ORDER_ID = "orderId";
    static final String ORDER_STATUS = "orderStatus";
    static final String POLLS = "polls";
    /** The shop account a logged-in journey holds, leased from the {@link ShopperPool} until the journey ends. */
    static final String ACCOUNT = "account";
    static final String SIGN_UP = "signUp";
    /** Sent when login failed: the shop refuses it, which is what a shopper without a session meets. */
    static final String NO_TOKEN = "none";

    private static final Duration STOP_POLL = Duration.ofMillis(250);
    /**
     * Gatling starts a request's timeout a moment before it signs the request, where the elapsed
     * time of an unanswered one starts: a timeout can measure a few milliseconds short of it.
     */
    private static final Duration TIMEOUT_SLACK = Duration.ofMillis(50);
    /**
     * How long after the last arrival journeys still play on normally, unless the harness says
     * sooner that its phases are over ({@link SimulationContext#arrivalsEnded()}). The game day's
     * phases start with the first request, a moment after the first arrival (2 s on a busy
     * machine), so its last phase ends that moment after the last arrival: its final seconds must
     * still see whole journeys. Injector tasks on AWS, which the harness cannot tell, rely on it.
     */
    private static final Duration ARRIVALS_END_GRACE = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(ShopperSimulation.class);

    private final SimulationContext context = SimulationContext.current();
    private final ClientRecorder recorder = context.recorder();
    private final AtomicReference<ShopFixtures> fixtures = new AtomicReference<>();
    private final AtomicReference<ShopperPool> accounts = new AtomicReference<>();
    private final Feeders feeders = new Feeders(context.mix(), this::fixtures, context.seed());
    private final ThinkTime thinkTime = context.thinkTime();

    public ShopperSimulation() {
        HttpProtocolBuilder protocol = http
                .baseUrl(context.baseUrl().toString().replaceAll("/+$", ""))
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .userAgentHeader("gameday-shopper")
                // No internet here, and the first real request warms the stack just as well.
                .disableWarmUp();

        ScenarioBuilder shoppers = scenario("shoppers")
                .exitHereIf(session -> context.stopRequested())
                .feed(feeders.journeys())
                .exec(session -> {
                    recorder.journeyStarted(session.getString(Feeders.JOURNEY), Instant.now());
                    return Tracked.start(session).set(TOKEN, NO_TOKEN);
                })
                .doSwitch("#{" + Feeders.JOURNEY + "}").on(
                        onCase(Journey.BROWSER.wireName()).then(browser()),
                        onCase(Journey.CART_ABANDONER.wireName()).then(cartAbandoner()),
                        onCase(Journey.BUYER.wireName()).then(buyer()))
                // Journeys carry on through failed steps, so every journey that did not leave early ends here.
                .exec(this::releaseAccount);

        // One silent user watches the stop switch while shoppers arrive: arrivals alone would
        // notice it only when the next shopper arrives, which at low rates can be seconds away.
        // It leaves when arrivals end, or it would hold the run open until maxDuration, and on
        // leaving tells the journeys in flight that arrivals are over.
        long injectionNanos = context.profile().injectionDuration().toNanos();
        ScenarioBuilder stopWatch = scenario("stop-watch")
                .exec(session -> session.set("until", System.nanoTime() + injectionNanos))
                .asLongAs(session -> !context.stopRequested() && System.nanoTime() < session.getLong("until"))
                .on(pause(STOP_POLL))
                .stopLoadGeneratorIf(session -> "stop requested: " + context.stopReason(),
                        session -> context.stopRequested())
                // The grace ends as soon as the harness says its phases are over: a run ends when
                // its last user leaves, and this one would otherwise hold it open for the rest.
                .exec(session -> session.set("graceUntil", System.nanoTime() + ARRIVALS_END_GRACE.toNanos()))
                .asLongAs(session -> !context.journeysEnding() && System.nanoTime() < session.getLong("graceUntil"))
                .on(pause(STOP_POLL))
                .exec(session -> {
                    context.arrivalsEnded();
                    return session;
                });

        setUp(shoppers.injectOpen(injection(context.profile())).protocols(protocol),
                stopWatch.injectOpen(atOnceUsers(1)).protocols(protocol))
                .maxDuration(context.profile().maxDuration());
    }

    @Override
    public void before() {
        // The injector's id keeps the accounts of several injectors of one game day apart (each has its own pool).
        String runTag = Long.toString(System.currentTimeMillis(), 36) + Long.toString(Math.abs(context.seed() % 1000), 36)
                + (context.injector().isEmpty() ? "" : "-" + context.injector());
        ShopFixtures prepared = ShopFixtures.prepare(context.baseUrl(), context.shoppers(), runTag, context.requestTimeout());
        accounts.set(new ShopperPool(prepared.shoppers(), index -> ShopAccounts.account(runTag, index)));
        fixtures.set(prepared);
        context.readyThenAwaitStart();
    }

    @Override
    public void after() {
        ShopperPool pool = accounts.get();
        if (pool != null && pool.grown() > 0) {
            LOG.info("shopper accounts: {} registered at start, {} signed up during the run (all were in use)",
                    pool.size() - pool.grown(), pool.grown());
        }
    }

    private ShopperPool accounts() {
        ShopperPool pool = accounts.get();
        if (pool == null) {
            throw new IllegalStateException("shopper accounts are registered in before(), which has not run");
        }
        return pool;
    }

    /** Gives the journey's account back to the pool, if it holds one (it logged in). */
    private Session releaseAccount(Session session) {
        if (!session.contains(ACCOUNT)) {
            return session;
        }
        accounts().release(session.get(ACCOUNT));
        return session.remove(ACCOUNT);
    }

    private ShopFixtures fixtures() {
        ShopFixtures f = fixtures.get();
        if (f == null) {
            throw new IllegalStateException("shop fixtures are read in before(), which has not run");
        }
        return f;
    }

    /** The profile's stages as Gatling open injection steps, arrivals randomised (Poisson-like). */
    static OpenInjectionStep[] injection(LoadProfile profile) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        for (LoadProfile.Stage stage : profile.playedStages()) {
            if (stage.fromRate() == 0 && stage.toRate() == 0) {
                steps.add(nothingFor(stage.duration()));
            } else if (stage.constant()) {
                steps.add(constantUsersPerSec(stage.fromRate()).during(stage.duration()).randomized());
            } else {
                steps.add(rampUsersPerSec(stage.fromRate()).to(stage.toRate()).during(stage.duration()).randomized());
            }
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }

    // ---- journeys ---------------------------------------------------------------------------

    private ChainBuilder browser() {
        return exec(categories()).exec(think())
                .feed(feeders.products())
                .exec(productList()).exec(think())
                .repeat("#{" + Feeders.VIEWS + "}").on(
                        feed(feeders.products()).exec(product()).exec(think()))
                .exec(search()).exec(think())
                .exec(product());
    }

    private ChainBuilder cartAbandoner() {
        return exec(login()).exec(think())
                .feed(feeders.products())
                .exec(productList()).exec(think())
                .repeat("#{" + Feeders.ITEMS + "}").on(
                        feed(feeders.products()).exec(product()).exec(think()).exec(cartAdd()).exec(think()))
                .exec(cartView());
    }

    private ChainBuilder buyer() {
        return exec(login()).exec(think())
                .feed(feeders.products())
                .exec(productList()).exec(think())
                .repeat("#{" + Feeders.ITEMS + "}").on(
                        feed(feeders.products()).exec(product()).exec(think()).exec(cartAdd()).exec(think()))
                .exec(cartView()).exec(think())
                .exec(checkout())
                .doIf(session -> session.contains(ORDER_ID)).then(orderStatus());
    }

    /**
     * A think time, after which the shopper leaves if the run is ending: once arrivals are over
     * (the last phase has ended) or a stop was requested, journeys end at their next step.
     */
    private ChainBuilder think() {
        return exec(ThinkPause.of(thinkTime, context::journeysEnding))
                .doIf(session -> context.journeysEnding()).then(exec(this::releaseAccount).exitHere());
    }

    // ---- steps ------------------------------------------------------------------------------

    private ChainBuilder categories() {
        return Tracked.request(recorder, "categories", http("categories").get("/categories"));
    }

    private ChainBuilder productList() {
        return Tracked.request(recorder, "products", http("products").get("/products")
                .queryParam("category", "#{" + Feeders.CATEGORY + "}")
                .queryParam("page", "#{" + Feeders.PAGE + "}")
                .queryParam("size", "20"));
    }

    private ChainBuilder product() {
        return Tracked.request(recorder, "product", http("product").get("/products/#{" + Feeders.PRODUCT_ID + "}"));
    }

    private ChainBuilder search() {
        return Tracked.request(recorder, "search", http("search").get("/products")
                .queryParam("q", "#{" + Feeders.QUERY + "}")
                .queryParam("size", "20"));
    }

    private ChainBuilder login() {
        HttpRequestActionBuilder request = http("login").post("/auth/login")
                .body(StringBody(session -> ShopFixtures.json(Map.of(
                        "email", account(session).email(),
                        "password", account(session).password()))));
        // One journey per account at a time: the account is the journey's until it ends (releaseAccount).
        return exec(session -> {
                    ShopperPool.Lease lease = accounts().lease();
                    return session.set(ACCOUNT, lease.shopper()).set(SIGN_UP, !lease.registered());
                })
                .doIf(session -> session.getBoolean(SIGN_UP)).then(signUp())
                .exec(Tracked.request(recorder, "login", request, "token", null,
                (session, outcome) -> {
                    String token = outcome.ok() ? outcome.field() : null;
                    return session.set(TOKEN, token == null ? NO_TOKEN : token);
                }));
    }

    /** A new account, added to the pool because all were in use, signs up: {@code 201}, or {@code 409} if it exists. */
    private ChainBuilder signUp() {
        HttpRequestActionBuilder request = http("sign up").post("/users")
                .body(StringBody(session -> ShopAccounts.signUpBody(account(session))));
        return Tracked.request(recorder, "sign up", request, null, null, (session, outcome) -> {
            if (outcome.status() != null && (outcome.status() == 201 || outcome.status() == 409)) {
                accounts().registered(account(session));
            }
            return session;
        });
    }

    private ChainBuilder cartAdd() {
        return Tracked.request(recorder, "cart add", authorized(http("cart add")
                .put("/cart/items/#{" + Feeders.PRODUCT_ID + "}")
                .body(StringBody(session -> "{\"quantity\":" + session.getInt(Feeders.QUANTITY) + "}"))));
    }

    private ChainBuilder cartView() {
        return Tracked.request(recorder, "cart view", authorized(http("cart view").get("/cart")));
    }

    /**
     * One logical order: {@code POST /orders} under a fresh idempotency key, retried with the same
     * key while the answer is lost (no response, 5xx) and attempts remain, then written to the
     * ledger. Gatling counts each attempt as a request; the ledger keeps them as one order.
     */
    /** A fresh key, prefixed with the injector's id so keys stay unique across the injectors of a game day. */
    private String idempotencyKey() {
        String key = UUID.randomUUID().toString();
        return context.injector().isEmpty() ? key : context.injector() + "-" + key;
    }

    private ChainBuilder checkout() {
        CheckoutPolicy policy = context.checkout();
        HttpRequestActionBuilder request = authorized(http("checkout").post("/orders")
                .header("Idempotency-Key", session -> pending(session).idempotencyKey())
                .body(StringBody("{}")));
        ChainBuilder attempt = Tracked.request(recorder, "checkout", request, "id",
                (session, sentAt) -> pending(session).attemptSent(sentAt),
                (session, outcome) -> {
                    pending(session).attemptEnded(attempt(outcome));
                    return session;
                });
        return exec(session -> session
                .remove(ORDER_ID)
                .set(ORDER, context.ledger().begin(idempotencyKey(), account(session).email())))
                .asLongAs(session -> !pending(session).settled() && pending(session).attemptCount() < policy.maxAttempts())
                .on(exec(attempt)
                        .doIf(session -> !pending(session).settled() && pending(session).attemptCount() < policy.maxAttempts())
                        .then(pause(policy.backoffMin(), policy.backoffMax())))
                .exec(session -> {
                    PendingOrder order = pending(session);
                    var entry = context.ledger().complete(order);
                    Session next = session.remove(ORDER);
                    return entry.outcome() == OrderOutcome.ACKNOWLEDGED && entry.orderId() != null
                            ? next.set(ORDER_ID, entry.orderId())
                            : next;
                });
    }

    /** Follows a placed order until it is fulfilled or the polls run out (PLACED is fine without fulfilment). */
    private ChainBuilder orderStatus() {
        CheckoutPolicy policy = context.checkout();
        ChainBuilder look = Tracked.request(recorder, "order status",
                authorized(http("order status").get("/orders/#{" + ORDER_ID + "}")), "status", null,
                (session, outcome) -> {
                    String status = outcome.ok() ? outcome.field() : null;
                    return session.set(ORDER_STATUS, status == null ? "" : status)
                            .set(POLLS, session.getInt(POLLS) + 1);
                });
        return exec(session -> session.set(POLLS, 0).set(ORDER_STATUS, ""))
                // The order is settled in the ledger already: polling it after the run's end only delays the end.
                .asLongAs(session -> !"FULFILLED".equals(session.getString(ORDER_STATUS))
                        && session.getInt(POLLS) < policy.statusPolls() && !context.journeysEnding())
                .on(pause(policy.pollMin(), policy.pollMax()).exec(look));
    }

    private static HttpRequestActionBuilder authorized(HttpRequestActionBuilder request) {
        return request.header("Authorization", "Bearer #{" + TOKEN + "}");
    }

    private static ShopFixtures.Shopper account(Session session) {
        return session.get(ACCOUNT);
    }

    private static PendingOrder pending(Session session) {
        return session.get(ORDER);
    }

    private CheckoutAttempt attempt(Tracked.Outcome outcome) {
        if (outcome.status() == null) {
            boolean timedOut = outcome.responseTime().compareTo(context.requestTimeout().minus(TIMEOUT_SLACK)) >= 0;
            return CheckoutAttempt.unanswered(outcome.sentAt(),
                    timedOut ? "timeout after " + context.requestTimeout() : "no response (connection refused, reset or closed)",
                    outcome.responseTime());
        }
        return CheckoutAttempt.answered(outcome.sentAt(), outcome.status(), outcome.responseTime(),
                outcome.field());
    }
}
