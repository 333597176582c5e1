package dev.gameday.orchestration.injection;

import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsService;
import dev.gameday.aws.inject.InjectorBucket;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.inject.InjectorUplink;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The injector's uplink on AWS ({@code gameday inject} in an ECS task): its readiness, its sample
 * batches and, at its end, its files and end mark go to its place in the results bucket
 * ({@link InjectorBucket}), where the harness's {@link EcsPlacement} reads them. The spec's
 * {@code results} names the place: {@code s3://<bucket>/<prefix>/<runId>/injectors/<id>/?region=…}
 * (and {@code &endpoint=…} when S3 is stood in). Credentials are the task role's (the SDK's default chain).
 */
public final class S3Uplink implements InjectorUplink, AutoCloseable {

    private final InjectorBucket bucket;
    private final InjectorSpec spec;
    private final AutoCloseable clients;

    S3Uplink(InjectorBucket bucket, InjectorSpec spec, AutoCloseable clients) {
        this.bucket = bucket;
        this.spec = spec;
        this.clients = clients;
    }

    /**
     * The uplink a spec's {@code results} names.
     *
     * @throws IllegalArgumentException when {@code results} is not an injector's S3 location with its region
     */
    public static S3Uplink of(InjectorSpec spec) {
        return of(spec, null);
    }

    /** The uplink a spec's {@code results} names, signing with {@code credentials} ({@code null}: the default chain). */
    static S3Uplink of(InjectorSpec spec, AwsCredentialsProvider credentials) {
        URI results = spec.results();
        if (results == null || !"s3".equals(results.getScheme())) {
            throw new IllegalArgumentException("injector " + spec.id() + ": results must be an s3:// location, was " + results);
        }
        Map<String, String> query = query(results.getRawQuery());
        String region = query.get("region");
        if (region == null) {
            throw new IllegalArgumentException("injector " + spec.id() + ": results " + results + " names no region");
        }
        Map<AwsService, URI> endpoints = query.containsKey("endpoint")
                ? Map.of(AwsService.S3, URI.create(query.get("endpoint"))) : Map.of();
        AwsClients clients = new AwsClients(region, credentials, endpoints, EventLog.inMemory(Clock.systemUTC()));
        return new S3Uplink(InjectorBucket.at(clients.s3(), results), spec, clients);
    }

    @Override
    public void ready() {
        bucket.putLive(0, InjectorBucket.Kind.READY, json(Map.of("injector", spec.id(), "zone", spec.zone(),
                "at", Instant.now().toString())));
    }

    @Override
    public void samples(long sequence, Path batch) {
        try {
            bucket.putLive(sequence, InjectorBucket.Kind.SAMPLES, Files.readAllBytes(batch));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read batch " + batch, e);
        }
    }

    @Override
    public void finished(long sequence, Path output, int exitCode) {
        int files = bucket.putFiles(output);
        Map<String, Object> end = new LinkedHashMap<>();
        end.put("injector", spec.id());
        end.put("exitCode", exitCode);
        end.put("files", files);
        end.put("at", Instant.now().toString());
        bucket.putLive(sequence, InjectorBucket.Kind.END, json(end));
    }

    @Override
    public void close() throws Exception {
        clients.close();
    }

    private static byte[] json(Object value) {
        try {
            return Json.mapper().writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
