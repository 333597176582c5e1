package dev.gameday.simulation.runner;

import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ShopperPool;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.ledger.OrderLedger;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Everything one simulation run needs from the harness: where the shop is, the load profile, the
 * journey mix and pacing, and where to record (the {@link ClientRecorder} and the
 * {@link OrderLedger}). It also carries the stop switch the harness pulls when a guardrail breaks.
 *
 * <p>Handed to the simulation through a static holder ({@link #current()}) because Gatling
 * instantiates the simulation class itself, by name and with a no-argument constructor: there is
 * no way to pass it an object. {@link GatlingRunner} installs the context before the run and
 * clears it after, and runs one simulation at a time per JVM, so the holder is never shared.
 */
public final class SimulationContext {

    private static final AtomicReference<SimulationContext> CURRENT = new AtomicReference<>();

    private final URI baseUrl;
    private final LoadProfile profile;
    private final JourneyMix mix;
    private final ClientRecorder recorder;
    private final OrderLedger ledger;
    private final int shoppers;
    private final long seed;
    private final ThinkTime thinkTime;
    private final CheckoutPolicy checkout;
    private final Duration requestTimeout;
    private final String injector;
    private final Instant startAt;
    private final CompletableFuture<Instant> startSignal;
    private final Runnable onReady;
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    private final AtomicBoolean arrivalsOver = new AtomicBoolean();

    private SimulationContext(Builder b) {
        this.baseUrl = b.baseUrl;
        this.profile = b.profile;
        this.mix = b.mix;
        this.recorder = b.recorder;
        this.ledger = b.ledger;
        this.shoppers = b.shoppers > 0 ? b.shoppers
                : ShopperPool.sizeFor(b.profile.peakRate(), b.mix, b.thinkTime, b.checkout);
        this.seed = b.seed;
        this.thinkTime = b.thinkTime;
        this.checkout = b.checkout;
        this.requestTimeout = b.requestTimeout;
        this.injector = b.injector;
        this.startAt = b.startAt;
        this.startSignal = b.startSignal;
        this.onReady = b.onReady;
    }

    /** A builder for traffic against {@code baseUrl} shaped by {@code profile}; everything else has defaults. */
    public static Builder builder(URI baseUrl, LoadProfile profile) {
        return new Builder(baseUrl, profile);
    }

    /**
     * The context of the simulation running now.
     *
     * @throws IllegalStateException when no run is in progress (a simulation started outside
     *                               {@link GatlingRunner})
     */
    public static SimulationContext current() {
        SimulationContext context = CURRENT.get();
        if (context == null) {
            throw new IllegalStateException("no SimulationContext installed: run simulations through GatlingRunner");
        }
        return context;
    }

    static void install(SimulationContext context) {
        if (!CURRENT.compareAndSet(null, Objects.requireNonNull(context, "context"))) {
            throw new IllegalStateException("a simulation is already running in this JVM");
        }
    }

    static void clear(SimulationContext context) {
        CURRENT.compareAndSet(context, null);
    }

    /** The shop's base URL, e.g. {@code http://localhost:8080}. */
    public URI baseUrl() {
        return baseUrl;
    }

    public LoadProfile profile() {
        return profile;
    }

    public JourneyMix mix() {
        return mix;
    }

    public ClientRecorder recorder() {
        return recorder;
    }

    public OrderLedger ledger() {
        return ledger;
    }

    /**
     * How many shopper accounts are registered before the first arrival. Logged-in journeys lease
     * them one journey at a time ({@link ShopperPool}); the pool grows when all are in use.
     */
    public int shoppers() {
        return shoppers;
    }

    /** Seeds the journey, product and shopper choices, so two runs with one seed send the same mix. */
    public long seed() {
        return seed;
    }

    public ThinkTime thinkTime() {
        return thinkTime;
    }

    public CheckoutPolicy checkout() {
        return checkout;
    }

    /** How long a request may take before Gatling counts it KO (a timeout). */
    public Duration requestTimeout() {
        return requestTimeout;
    }

    /**
     * The injector this run is one of ({@code inj-2}), or empty when it is the game day's only
     * traffic. It is part of every shopper account's name and every idempotency key, so two
     * injectors of one game day never share an account or a key.
     */
    public String injector() {
        return injector;
    }

    /**
     * Called by the simulation once it is ready to send (Gatling loaded, accounts registered):
     * tells whoever waits ({@link Builder#onReady}), then waits for the common start instant, if
     * one was given ({@link Builder#startAt}), or the earlier one the harness announces
     * ({@link Builder#startSignal}). Several injectors so start their arrivals together.
     */
    public void readyThenAwaitStart() {
        onReady.run();
        if (startAt == null) {
            return;
        }
        Instant start = startAt;
        long millis = Duration.between(Instant.now(), startAt).toMillis();
        try {
            if (millis > 0) {
                // Until the common start, unless the harness names an earlier one (every injector is ready).
                Instant announced = startSignal.get(millis, TimeUnit.MILLISECONDS);
                start = announced.isBefore(startAt) ? announced : startAt;
            }
        } catch (TimeoutException | ExecutionException e) {
            // no earlier start announced: the common start is now
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        // Rounded up: the arrivals start at the instant, never a fraction of a millisecond before it.
        long left = (Duration.between(Instant.now(), start).toNanos() + 999_999) / 1_000_000;
        if (left > 0) {
            try {
                Thread.sleep(left); // a wall-clock instant shared with other processes, not a condition to poll
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The common start instant of the arrivals, or {@code null} to start at once. */
    public Instant startAt() {
        return startAt;
    }

    /**
     * Asks the running simulation to stop (a guardrail broke, Ctrl-C): while shoppers still arrive
     * the load generator stops within about a quarter of a second (journeys in flight are cut);
     * after arrivals end, the remaining journeys end at their next step. The run then ends with
     * its report. The first reason wins.
     */
    public void requestStop(String reason) {
        stopReason.compareAndSet(null, Objects.requireNonNull(reason, "reason"));
    }

    /** Whether {@link #requestStop(String)} was called. */
    public boolean stopRequested() {
        return stopReason.get() != null;
    }

    /**
     * Marks the arrivals as over: the profile's last shopper has arrived, so the game day's last
     * phase has ended. Journeys still in flight then end at their next step instead of playing
     * out their think times and status polls (up to half a minute of traffic nobody judges);
     * requests already sent still get their answers, and a checkout still settles its order.
     */
    public void arrivalsEnded() {
        arrivalsOver.set(true);
    }

    /** Whether journeys should end at their next step: the run was asked to stop, or arrivals are over. */
    public boolean journeysEnding() {
        return arrivalsOver.get() || stopRequested();
    }

    /** Why the run was asked to stop, or {@code null}. */
    public String stopReason() {
        return stopReason.get();
    }

    /** Builds a {@link SimulationContext}; defaults suit a short local run. */
    public static final class Builder {
        private final URI baseUrl;
        private final LoadProfile profile;
        private JourneyMix mix = JourneyMix.defaults();
        private ClientRecorder recorder = new ClientRecorder();
        private OrderLedger ledger = OrderLedger.inMemory();
        private int shoppers;
        private long seed = 42;
        private ThinkTime thinkTime = ThinkTime.defaults();
        private CheckoutPolicy checkout = CheckoutPolicy.defaults();
        private Duration requestTimeout = Duration.ofSeconds(10);
        private String injector = "";
        private Instant startAt;
        private CompletableFuture<Instant> startSignal = new CompletableFuture<>();
        private Runnable onReady = () -> { };

        private Builder(URI baseUrl, LoadProfile profile) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            this.profile = Objects.requireNonNull(profile, "profile");
            if (baseUrl.getScheme() == null || baseUrl.getHost() == null) {
                throw new IllegalArgumentException("baseUrl must be absolute, e.g. http://localhost:8080, was " + baseUrl);
            }
        }

        /** The journey mix (default 70/20/10 browser/cart-abandoner/buyer). */
        public Builder mix(JourneyMix mix) {
            this.mix = Objects.requireNonNull(mix, "mix");
            return this;
        }

        /** The recorder to feed (default: a fresh one; pass yours to read it live). */
        public Builder recorder(ClientRecorder recorder) {
            this.recorder = Objects.requireNonNull(recorder, "recorder");
            return this;
        }

        /** The ledger to write orders to (default: in memory). */
        public Builder ledger(OrderLedger ledger) {
            this.ledger = Objects.requireNonNull(ledger, "ledger");
            return this;
        }

        /**
         * How many shopper accounts to register at start (default: sized from the load by
         * {@link ShopperPool#sizeFor}, so the pool rarely has to grow during the run).
         */
        public Builder shoppers(int shoppers) {
            if (shoppers < 1) {
                throw new IllegalArgumentException("shoppers must be at least 1, was " + shoppers);
            }
            this.shoppers = shoppers;
            return this;
        }

        /** The seed of the journey, product and shopper choices (default 42). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** The pause between steps (default 1–4 s). */
        public Builder thinkTime(ThinkTime thinkTime) {
            this.thinkTime = Objects.requireNonNull(thinkTime, "thinkTime");
            return this;
        }

        /** Retries and status polling of checkouts. */
        public Builder checkout(CheckoutPolicy checkout) {
            this.checkout = Objects.requireNonNull(checkout, "checkout");
            return this;
        }

        /** The per-request timeout (default 10 s). */
        public Builder requestTimeout(Duration requestTimeout) {
            if (requestTimeout.compareTo(Duration.ZERO) <= 0) {
                throw new IllegalArgumentException("requestTimeout must be positive, was " + requestTimeout);
            }
            this.requestTimeout = requestTimeout;
            return this;
        }

        /** The injector this run is one of (letters, digits and dashes; default empty: the only traffic). */
        public Builder injector(String injector) {
            if (!injector.matches("[a-z0-9-]*")) {
                throw new IllegalArgumentException("injector must be lower-case letters, digits and dashes, was '"
                        + injector + "'");
            }
            this.injector = injector;
            return this;
        }

        /** The instant the arrivals start at, shared by several injectors (default: at once). */
        public Builder startAt(Instant startAt) {
            this.startAt = Objects.requireNonNull(startAt, "startAt");
            return this;
        }

        /**
         * An earlier common start the harness may announce once every injector is ready (default:
         * none, so {@link #startAt} holds); an instant after {@link #startAt} is ignored.
         */
        public Builder startSignal(CompletableFuture<Instant> startSignal) {
            this.startSignal = Objects.requireNonNull(startSignal, "startSignal");
            return this;
        }

        /** Run once the simulation is ready to send, before it waits for {@link #startAt}. */
        public Builder onReady(Runnable onReady) {
            this.onReady = Objects.requireNonNull(onReady, "onReady");
            return this;
        }

        public SimulationContext build() {
            return new SimulationContext(this);
        }
    }
}
