package dev.gameday.simulation.journey;

import dev.gameday.simulation.recorder.ClientRecorder;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.http.HttpRequestActionBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BiFunction;
import java.util.function.UnaryOperator;

import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.responseTimeInMillis;
import static io.gatling.javaapi.http.HttpDsl.status;

/**
 * Wraps a Gatling request so the {@link ClientRecorder} sees it exactly as Gatling counts it: a
 * step before it (start time, session marked succeeded), checks that save the status, response
 * time and, when asked, the body, and a step after it that reads whether Gatling marked the
 * request KO. Connection errors and timeouts run no checks at all, so the after step also covers
 * them: no status, the elapsed time, KO.
 */
final class Tracked {

    static final String SENT_AT = "gameday.sentAt";
    static final String SENT_NANOS = "gameday.sentNanos";
    static final String STATUS = "gameday.status";
    static final String RESPONSE_MILLIS = "gameday.responseMillis";
    static final String BODY = "gameday.body";

    /**
     * What one request came to, for the step after it.
     *
     * @param request      the request name
     * @param sentAt       when it was sent
     * @param status       the HTTP status, or {@code null} without a response
     * @param responseTime Gatling's response time, or the elapsed time without a response
     * @param ok           whether Gatling counted it OK
     * @param body         the response body when kept, else {@code null}
     */
    record Outcome(String request, Instant sentAt, Integer status, Duration responseTime, boolean ok, String body) {
    }

    private Tracked() {
    }

    /** A tracked request with nothing to do around it. */
    static ChainBuilder request(ClientRecorder recorder, String name, HttpRequestActionBuilder request) {
        return request(recorder, name, request, false, UnaryOperator.identity(), (s, o) -> s);
    }

    /**
     * A tracked request.
     *
     * @param keepBody whether the body is saved for {@code after}
     * @param before   runs just before the request is sent
     * @param after    runs once the request is over, with its outcome
     */
    static ChainBuilder request(ClientRecorder recorder, String name, HttpRequestActionBuilder request, boolean keepBody,
                                UnaryOperator<Session> before, BiFunction<Session, Outcome, Session> after) {
        HttpRequestActionBuilder checked = request.check(status().saveAs(STATUS), responseTimeInMillis().saveAs(RESPONSE_MILLIS));
        if (keepBody) {
            checked = checked.check(bodyString().saveAs(BODY));
        }
        // Saving checks come first: a failing check may stop the ones after it.
        // 2xx: anything else is KO for the shopper. Gatling follows redirects and never ends on a
        // 1xx, so "below 300" is 2xx — one comparison rather than a scan of 100 boxed statuses, and
        // a KO reads "status.find.lessThan(300), 503 is not less than 300" in Gatling's report.
        checked = checked.check(status().lt(300));
        return exec(session -> before.apply(session
                // A KO earlier in the journey must not make this request look KO.
                .markAsSucceeded()
                .removeAll(STATUS, RESPONSE_MILLIS, BODY)
                .set(SENT_AT, Instant.now())
                .set(SENT_NANOS, System.nanoTime())))
                .exec(checked)
                .exec(session -> {
                    Outcome outcome = outcome(name, session);
                    recorder.record(name, outcome.sentAt(), outcome.responseTime(), outcome.ok());
                    return after.apply(session, outcome);
                });
    }

    private static Outcome outcome(String name, Session session) {
        Instant sentAt = session.get(SENT_AT);
        Integer status = session.contains(STATUS) ? session.getIntegerWrapper(STATUS) : null;
        Duration responseTime = session.contains(RESPONSE_MILLIS)
                ? Duration.ofMillis(session.getInt(RESPONSE_MILLIS))
                : Duration.ofNanos(System.nanoTime() - session.getLong(SENT_NANOS));
        boolean ok = !session.isFailed() && status != null && status >= 200 && status < 300;
        String body = session.contains(BODY) ? session.getString(BODY) : null;
        return new Outcome(name, sentAt, status, responseTime, ok, body);
    }
}
