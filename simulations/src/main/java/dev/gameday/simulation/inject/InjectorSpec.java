package dev.gameday.simulation.inject;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gameday.core.json.Json;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.profile.LoadProfile;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What one shopper injector is told to do ({@code gameday inject}): its share of a game day's
 * traffic, when to start, where to send it and where to put what it recorded. Small enough to
 * travel in one environment variable ({@value #ENVIRONMENT}), as an ECS {@code RunTask} override
 * carries it on AWS.
 *
 * @param runId     the game day run this injector belongs to
 * @param id        the injector's id, {@code inj-1} …; part of its accounts' names and idempotency keys
 * @param zone      the zone it runs in (recorded with its figures)
 * @param target    the shop's base URL (the load balancer)
 * @param profile   its share of the arrivals (the game day's profile scaled by 1/N)
 * @param mix       the journey weights (the game day's: every injector sends the same mix)
 * @param thinkTime the shoppers' pauses, as the {@code thinkTime:} map
 * @param shoppers  accounts it registers before its first arrival (its part of the pool)
 * @param seed      seeds its journey and product choices (distinct per injector)
 * @param startAt   the common instant every injector starts its arrivals at (the barrier)
 * @param output    the folder it writes {@code client.json}, {@code orders.jsonl} and {@code gatling/} to
 * @param feedPort  the loopback port of the harness's feed its samples stream to; 0 for none
 * @param results   where it sends its readiness, sample batches and files when it runs away from the
 *                  harness's machine ({@code s3://bucket/prefix/<runId>/injectors/<id>/} on AWS, through an
 *                  {@link InjectorUplink}); {@code null} locally
 */
public record InjectorSpec(String runId, String id, String zone, URI target, LoadProfile profile,
                           Map<String, Double> mix, Map<String, String> thinkTime, int shoppers, long seed,
                           Instant startAt, Path output, int feedPort, URI results) {

    /** The environment variable a spec travels in. */
    public static final String ENVIRONMENT = "GAMEDAY_INJECTOR_SPEC";

    public InjectorSpec {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9-]+")) {
            throw new IllegalArgumentException("id must be lower-case letters, digits and dashes, was '" + id + "'");
        }
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(profile, "profile");
        mix = Map.copyOf(Objects.requireNonNull(mix, "mix"));
        thinkTime = Map.copyOf(Objects.requireNonNull(thinkTime, "thinkTime"));
        Objects.requireNonNull(startAt, "startAt");
        Objects.requireNonNull(output, "output");
        if (shoppers < 1) {
            throw new IllegalArgumentException("shoppers must be at least 1, was " + shoppers);
        }
        if (feedPort < 0 || feedPort > 65_535) {
            throw new IllegalArgumentException("feedPort must be 0..65535, was " + feedPort);
        }
        JourneyMix.fromMap(mix);
        ThinkTime.fromMap(thinkTime);
    }

    /** The same spec sending its results to {@code results} (an uplink's location), with no loopback feed. */
    public InjectorSpec withResults(URI results, Path output) {
        return new InjectorSpec(runId, id, zone, target, profile, mix, thinkTime, shoppers, seed, startAt, output, 0,
                Objects.requireNonNull(results, "results"));
    }

    /** The journey mix. */
    public JourneyMix journeyMix() {
        return JourneyMix.fromMap(mix);
    }

    /** The think time. */
    public ThinkTime pauses() {
        return ThinkTime.fromMap(thinkTime);
    }

    /** The spec as one line of JSON. */
    public String toJson() {
        try {
            return Json.mapper().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write injector spec " + id, e);
        }
    }

    /**
     * Reads a spec written by {@link #toJson()}.
     *
     * @param where where the text came from, for the error (the variable's name, a file)
     * @throws IllegalArgumentException naming {@code where} and the field, when the text is not a valid spec
     */
    public static InjectorSpec fromJson(String json, String where) {
        try {
            return Json.mapper().readValue(json, InjectorSpec.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException iae ? iae : e;
            throw new IllegalArgumentException(where + ": not an injector spec: " + cause.getMessage(), e);
        }
    }
}
