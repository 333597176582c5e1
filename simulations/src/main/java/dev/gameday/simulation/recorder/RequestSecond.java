package dev.gameday.simulation.recorder;

import java.time.Instant;
import java.util.Objects;

/**
 * One second of one request name in {@code client.json}: how many requests sent in that second
 * Gatling counted OK and KO, and their response times as an HdrHistogram (whole milliseconds,
 * compressed encoding in base64). Buckets of the same second and name from several injectors add
 * up exactly.
 *
 * @param second       the second the requests were sent in
 * @param request      the request name
 * @param ok           requests counted OK
 * @param ko           requests counted KO
 * @param responseTime the response times of all {@code ok + ko} requests
 */
public record RequestSecond(Instant second, String request, long ok, long ko, String responseTime) {

    public RequestSecond {
        Objects.requireNonNull(second, "second");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(responseTime, "responseTime");
    }
}
