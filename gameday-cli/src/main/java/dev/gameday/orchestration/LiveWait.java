package dev.gameday.orchestration;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.definition.WaitSpec;
import dev.gameday.slo.evaluation.SeriesRequest;
import dev.gameday.slo.spec.Bound;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A live wait of a game day (the {@code awaits:} section): from the start of a phase, the
 * orchestrator waits — with Awaitility, in the background, reading the metric every half second —
 * for a metric to be within a bound for {@code for} consecutive seconds, no later than
 * {@code within} after the phase started, e.g. "the service is back to its two tasks before the
 * recovery phase ends". The outcome is recorded as events, so reports and SLOs (as an anchor,
 * {@code anchor: wait.satisfied}) see it: {@code wait.started}, then {@code wait.satisfied} or
 * {@code wait.timedout} (or {@code wait.cancelled} when the run stopped first).
 * The entry it plays is a {@link WaitSpec}.
 *
 * <p>A wait never lengthens its phase: the traffic is planned for the phases as written, so the
 * deadline must fall inside the phase.
 */
public final class LiveWait implements AutoCloseable {

    /** How often the metric is read while waiting. */
    static final Duration POLL = Duration.ofMillis(500);

    private static final String SOURCE = "orchestrator";

    private final WaitSpec spec;
    private final MetricsSource source;
    private final EventLog events;
    private final Clock clock;
    private final ExecutorService executor;
    private volatile Future<?> running;
    private volatile boolean cancelled;
    private volatile DataPoint last;
    private volatile String timedOut;

    /**
     * @param client the client recorder, for {@code Gameday/Client} metrics
     * @param server the target's metrics, for every other namespace
     */
    public LiveWait(WaitSpec spec, MetricsSource client, MetricsSource server, EventLog events, Clock clock) {
        this.spec = spec;
        this.source = spec.metric().namespace().equals(SeriesRequest.CLIENT_NAMESPACE) ? client : server;
        this.events = events;
        this.clock = clock;
        this.executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "live-wait-" + spec.name());
            t.setDaemon(true);
            return t;
        });
    }

    /** The wait's specification. */
    public WaitSpec spec() {
        return spec;
    }

    /** Starts waiting in the background, the deadline counting from {@code phaseStart}. */
    public void start(Instant phaseStart) {
        Instant deadline = phaseStart.plus(spec.within());
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("wait", spec.name());
        attrs.put("phase", spec.phase());
        attrs.put("condition", spec.condition());
        attrs.put("within", spec.within().toSeconds());
        attrs.put("deadline", deadline.toString());
        events.emit(SOURCE, "wait.started", attrs);
        Duration atMost = Duration.between(clock.instant(), deadline);
        running = executor.submit(() -> await(phaseStart, deadline, atMost.isNegative() ? Duration.ZERO : atMost));
    }

    /**
     * Waits for the outcome (it comes by the deadline, which is inside the phase) — called when the
     * phase ends normally.
     */
    public void finish() {
        Future<?> f = running;
        if (f == null) {
            return;
        }
        try {
            f.get(spec.within().toSeconds() + 5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // The outcome is in the events; a wait that could not even end is cancelled by close().
        }
    }

    /** What was awaited, the deadline and the last value seen, once the wait missed its deadline. */
    public Optional<String> timedOut() {
        return Optional.ofNullable(timedOut);
    }

    /** Why the game day must abort, when the wait missed its deadline and says {@code onTimeout: abort}. */
    public Optional<String> abortReason() {
        return spec.abortOnTimeout() ? timedOut() : Optional.empty();
    }

    /** Stops a wait still running (the run ended first), recording {@code wait.cancelled}. */
    @Override
    public void close() {
        Future<?> f = running;
        if (f != null && !f.isDone()) {
            cancelled = true;
            f.cancel(true);
            events.emit(SOURCE, "wait.cancelled", Map.of("wait", spec.name(), "condition", spec.condition()));
        }
        executor.shutdownNow();
    }

    private void await(Instant phaseStart, Instant deadline, Duration atMost) {
        try {
            Awaitility.await(spec.name())
                    .atMost(atMost.isZero() ? Duration.ofMillis(1) : atMost)
                    .pollDelay(Duration.ZERO)
                    .pollInterval(POLL)
                    // A failed read (CloudWatch throttled, a gap) is not an outcome: read again until the deadline.
                    .ignoreExceptions()
                    .until(this::holds);
            DataPoint seen = last;
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("wait", spec.name());
            attrs.put("condition", spec.condition());
            attrs.put("value", seen.value());
            attrs.put("after", Math.max(0, Duration.between(phaseStart, clock.instant()).toSeconds()));
            events.emit(SOURCE, "wait.satisfied", attrs);
        } catch (ConditionTimeoutException e) {
            if (cancelled) {
                return;
            }
            DataPoint seen = last;
            String lastSeen = seen == null ? "no value at all"
                    : "last value " + Bound.formatValue(seen.value(), spec.metric().unit()) + " at "
                    + seen.timestamp().truncatedTo(ChronoUnit.SECONDS);
            timedOut = "wait " + spec.name() + " timed out: awaited " + spec.condition() + " during " + spec.phase()
                    + " within " + spec.within().toSeconds() + " s (deadline " + deadline + "); " + lastSeen;
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("wait", spec.name());
            attrs.put("condition", spec.condition());
            attrs.put("within", spec.within().toSeconds());
            attrs.put("deadline", deadline.toString());
            if (seen != null) {
                attrs.put("lastValue", seen.value());
                attrs.put("lastAt", seen.timestamp().toString());
            }
            attrs.put("message", timedOut);
            events.emit(SOURCE, "wait.timedout", attrs);
        }
    }

    /**
     * Whether the last {@code for} seconds of complete periods all have data within the bound. The
     * period is the source's finest: 1 s locally, 60 s for CloudWatch's standard metrics.
     */
    boolean holds() {
        MetricQuery probe = spec.metric().query(Duration.ofSeconds(1));
        long period = source.finestPeriod(probe).toSeconds();
        long needed = Math.max(1, (spec.holdFor().toSeconds() + period - 1) / period);
        long nowSeconds = clock.instant().getEpochSecond();
        // Complete periods only: the current one is still filling.
        Instant end = Instant.ofEpochSecond(Math.floorDiv(nowSeconds, period) * period);
        Instant start = end.minusSeconds(period * (needed + 1));
        List<DataPoint> points = source.fetch(spec.metric().query(Duration.ofSeconds(period)), start, end).points();
        if (points.isEmpty()) {
            return false;
        }
        last = points.get(points.size() - 1);
        if (points.size() < needed) {
            return false;
        }
        List<DataPoint> tail = points.subList(points.size() - (int) needed, points.size());
        for (int i = 0; i < tail.size(); i++) {
            if (!spec.bound().isMet(tail.get(i).value())) {
                return false;
            }
            if (i > 0 && !tail.get(i).timestamp().equals(tail.get(i - 1).timestamp().plusSeconds(period))) {
                return false; // a period without data breaks the streak
            }
        }
        return true;
    }
}
