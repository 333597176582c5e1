package dev.gameday.simulation.journey;

import dev.gameday.simulation.recorder.ClientRecorder;
import io.gatling.http.response.Response;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Wraps a Gatling request so the {@link ClientRecorder} sees it exactly as Gatling counts it, at
 * the cost of one step after the request and no session writes per request.
 *
 * <p>Each journey carries one mutable {@link InFlight} ({@link #start}); the request's own hooks
 * fill it without touching the session: {@code sign} notes when the request is sent, a response
 * hook (a {@code checkIf} condition, or a response transformer when a body field is wanted) notes
 * the status and Gatling's own start and end timestamps. The step after the request reads whether
 * Gatling marked it KO and records it. Connection errors and timeouts reach no response hook, so
 * the step after covers them: no status, the elapsed time since {@code sign}, KO.
 *
 * <p>The hooks and the step after run for one virtual user, one after the other (Gatling hands the
 * session from the response to the next action), so the holder needs no lock.
 */
final class Tracked {

    /** The session attribute holding the journey's {@link InFlight}. */
    static final String IN_FLIGHT = "gameday.inFlight";

    /**
     * What one request came to, for the step after it.
     *
     * @param request      the request name
     * @param sentAt       when it was sent
     * @param status       the HTTP status, or {@code null} without a response
     * @param responseTime Gatling's response time, or the elapsed time without a response
     * @param ok           whether Gatling counted it OK
     * @param field        the wanted top-level field of the JSON body when asked for and present, else {@code null}
     */
    record Outcome(String request, Instant sentAt, Integer status, Duration responseTime, boolean ok, String field) {
    }

    /**
     * The request in flight of one journey: written by the request's hooks, read and cleared by the
     * step after it. One per virtual user, so never shared between threads at the same time.
     */
    static final class InFlight {
        private long sentMillis;
        private long sentNanos;
        private boolean sent;
        private int status = -1;
        private long responseMillis;
        private String field;

        /** Called by {@code sign}; a redirect or Gatling's own retry signs again, the first send counts. */
        void sent() {
            if (!sent) {
                sent = true;
                sentMillis = System.currentTimeMillis();
                sentNanos = System.nanoTime();
            }
        }

        /** Called by the response hook: Gatling's response time is its end timestamp minus its start timestamp. */
        void answered(Response response) {
            status = response.status().code();
            responseMillis = response.endTimestamp() - response.startTimestamp();
        }

        /** The outcome so far, and the holder cleared for the journey's next request. */
        Outcome finish(String request, boolean failed) {
            long now = System.nanoTime();
            // Not sent at all: Gatling could not build the request (a missing session attribute) and
            // counted a KO with no time spent.
            Instant sentAt = sent ? Instant.ofEpochMilli(sentMillis) : Instant.now();
            Integer code = status < 0 ? null : status;
            Duration responseTime = code != null ? Duration.ofMillis(responseMillis)
                    : sent ? Duration.ofNanos(now - sentNanos) : Duration.ZERO;
            boolean ok = !failed && code != null && code >= 200 && code < 300;
            Outcome outcome = new Outcome(request, sentAt, code, responseTime, ok, field);
            sent = false;
            status = -1;
            field = null;
            return outcome;
        }
    }

    private Tracked() {
    }

    /** Gives a starting journey its request holder; every tracked request of the journey needs it. */
    static Session start(Session session) {
        return session.set(IN_FLIGHT, new InFlight());
    }

    /** A tracked request with nothing to do around it. */
    static ChainBuilder request(ClientRecorder recorder, String name, HttpRequestActionBuilder request) {
        return request(recorder, name, request, null, null, (s, o) -> s);
    }

    /**
     * A tracked request.
     *
     * @param field  a top-level field of the JSON body to hand to {@code after} ({@code null}: the
     *               body is not kept, as Gatling does by default)
     * @param onSent runs as the request is sent, with the send time ({@code null}: nothing); it
     *               cannot change the session, only objects the session holds
     * @param after  runs once the request is over, with its outcome
     */
    static ChainBuilder request(ClientRecorder recorder, String name, HttpRequestActionBuilder request, String field,
                                BiConsumer<Session, Instant> onSent, BiFunction<Session, Outcome, Session> after) {
        HttpRequestActionBuilder signed = request.sign((r, session) -> {
            InFlight inFlight = inFlight(session);
            inFlight.sent();
            if (onSent != null) {
                onSent.accept(session, Instant.ofEpochMilli(inFlight.sentMillis));
            }
            return r;
        });
        // 2xx: anything else is KO for the shopper. Gatling follows redirects and never ends on a
        // 1xx, so "below 300" is 2xx — one comparison rather than a scan of 100 boxed statuses, and
        // a KO reads "status.find.lessThan(300), 503 is not less than 300" in Gatling's report.
        // It replaces Gatling's default status check, so plain Gatling pays for one as well.
        HttpRequestActionBuilder checked;
        if (field == null) {
            // A check condition sees the response without making Gatling keep its body.
            checked = signed.checkIf((response, session) -> {
                inFlight(session).answered(response);
                return true;
            }).then(status().lt(300));
        } else {
            // A response transformer makes Gatling keep the body's bytes; the field is read from them
            // with a streaming parser that stops at it, no String and no tree.
            checked = signed.transformResponse((response, session) -> {
                InFlight inFlight = inFlight(session);
                inFlight.answered(response);
                inFlight.field = JsonFields.text(response.body().bytes(), field);
                return response;
            }).check(status().lt(300));
        }
        return exec(checked).exec(session -> {
            Outcome outcome = inFlight(session).finish(name, session.isFailed());
            recorder.record(name, outcome.sentAt(), outcome.responseTime(), outcome.ok());
            Session next = after.apply(session, outcome);
            // A KO must not make the journey's next request look KO.
            return next.isFailed() ? next.markAsSucceeded() : next;
        });
    }

    private static InFlight inFlight(Session session) {
        InFlight inFlight = session.get(IN_FLIGHT);
        if (inFlight == null) {
            throw new IllegalStateException("a tracked request in a journey that did not start with Tracked.start");
        }
        return inFlight;
    }
}
