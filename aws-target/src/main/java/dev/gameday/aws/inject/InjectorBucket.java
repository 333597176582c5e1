package dev.gameday.aws.inject;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.S3Object;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One injector's objects in the results bucket, under {@code s3://<bucket>/<prefix>/<runId>/injectors/<id>/}:
 * the S3 end of the channel between an injector running as an ECS task and the harness.
 *
 * <ul>
 *   <li>{@code live/<sequence>-ready.json} — it registered its accounts and waits for the common start;</li>
 *   <li>{@code live/<sequence>.json} — a batch of the samples it recorded since the previous one (the
 *       {@code client.json} shape, so batches merge exactly), every few seconds;</li>
 *   <li>{@code live/<sequence>-end.json} — its last object, {@code {"exitCode": n}}: every file is up;</li>
 *   <li>its files at its end: {@code client.json}, {@code orders.jsonl}, {@code injector.json},
 *       {@code gatling/…}.</li>
 * </ul>
 *
 * Sequences are zero-padded, so {@code ListObjectsV2} (which lists keys in UTF-8 binary order) lists
 * the live objects in the order they were written, and {@code StartAfter} the last key read lists only
 * new ones.
 */
public final class InjectorBucket {

    /** How often an injector puts a batch of samples (its {@code UplinkSender}'s interval). */
    public static final java.time.Duration BATCH_INTERVAL = java.time.Duration.ofSeconds(2);
    /** How often the harness lists each injector's new live objects. */
    public static final java.time.Duration POLL = java.time.Duration.ofSeconds(2);
    /** How often the harness describes the injector tasks not ended yet. */
    public static final java.time.Duration TASK_CHECK = java.time.Duration.ofSeconds(10);

    /** The folder of the live objects under an injector's root. */
    public static final String LIVE = "live/";
    private static final Pattern LIVE_KEY = Pattern.compile("(\\d{8})(-ready|-end)?\\.json");
    private static final Pattern S3_URI = Pattern.compile("s3://([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])/(.*)");

    private final S3Client s3;
    private final String bucket;
    private final String root;

    /**
     * @param s3     the client (path-style addressing when an endpoint override stands in for S3)
     * @param bucket the results bucket
     * @param root   the injector's key prefix, ending in {@code /}
     */
    public InjectorBucket(S3Client s3, String bucket, String root) {
        this.s3 = Objects.requireNonNull(s3, "s3");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.root = Objects.requireNonNull(root, "root");
        if (!root.endsWith("/") || root.startsWith("/")) {
            throw new IllegalArgumentException("an injector's key prefix ends with / and does not start with one, was '"
                    + root + "'");
        }
    }

    /** The injector's place named by its URI, {@code s3://<bucket>/<root>/}. */
    public static InjectorBucket at(S3Client s3, URI location) {
        Matcher m = S3_URI.matcher(location.getScheme() + "://" + location.getRawAuthority() + location.getRawPath());
        if (!"s3".equals(location.getScheme()) || !m.matches()) {
            throw new IllegalArgumentException("not an injector's S3 location (s3://bucket/prefix/): " + location);
        }
        return new InjectorBucket(s3, m.group(1), m.group(2));
    }

    /** {@code s3://<bucket>/<root>}: what an injector's spec carries. */
    public URI location() {
        return URI.create("s3://" + bucket + "/" + root);
    }

    /** One live object. */
    public record Live(String key, long sequence, Kind kind) {
    }

    /** What a live object says. */
    public enum Kind {
        /** The injector is ready. */
        READY,
        /** A batch of samples. */
        SAMPLES,
        /** The injector's last object. */
        END
    }

    /** The key of live object {@code sequence} of {@code kind}. */
    public String liveKey(long sequence, Kind kind) {
        String suffix = switch (kind) {
            case READY -> "-ready";
            case SAMPLES -> "";
            case END -> "-end";
        };
        return root + LIVE + String.format("%08d", sequence) + suffix + ".json";
    }

    // ---- the injector's side -------------------------------------------------------------------

    /** Puts live object {@code sequence} with {@code body} (JSON). */
    public void putLive(long sequence, Kind kind, byte[] body) {
        s3.putObject(b -> b.bucket(bucket).key(liveKey(sequence, kind)).contentType("application/json"),
                RequestBody.fromBytes(body));
    }

    /**
     * Uploads every file under {@code folder} to the injector's root, at its relative path; the
     * local {@code live/} copies are left out (they are up already).
     *
     * @return how many files went up
     */
    public int putFiles(Path folder) {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the injector's files in " + folder, e);
        }
        int count = 0;
        for (Path file : files) {
            String relative = folder.relativize(file).toString().replace('\\', '/');
            if (relative.startsWith(LIVE)) {
                continue;
            }
            s3.putObject(b -> b.bucket(bucket).key(root + relative).contentType(contentType(relative)),
                    RequestBody.fromFile(file));
            count++;
        }
        return count;
    }

    private static String contentType(String name) {
        if (name.endsWith(".json")) {
            return "application/json";
        }
        if (name.endsWith(".html")) {
            return "text/html";
        }
        if (name.endsWith(".js")) {
            return "text/javascript";
        }
        if (name.endsWith(".css")) {
            return "text/css";
        }
        return "application/octet-stream";
    }

    // ---- the harness's side --------------------------------------------------------------------

    /**
     * The live objects written after {@code startAfter} (a key this method returned, or empty for
     * all), in order: one {@code ListObjectsV2} call (more when S3 truncates the answer).
     */
    public List<Live> liveAfter(Optional<String> startAfter) {
        List<Live> out = new ArrayList<>();
        ListObjectsV2Request.Builder request = ListObjectsV2Request.builder().bucket(bucket).prefix(root + LIVE);
        startAfter.ifPresent(request::startAfter);
        for (S3Object object : s3.listObjectsV2Paginator(request.build()).contents()) {
            Matcher m = LIVE_KEY.matcher(object.key().substring((root + LIVE).length()));
            if (!m.matches()) {
                continue; // not ours: nothing else writes here, but a stray object must not stop the feed
            }
            Kind kind = m.group(2) == null ? Kind.SAMPLES : m.group(2).equals("-ready") ? Kind.READY : Kind.END;
            out.add(new Live(object.key(), Long.parseLong(m.group(1)), kind));
        }
        return out;
    }

    /** The body of the object at {@code key}. */
    public byte[] get(String key) {
        return s3.getObject(b -> b.bucket(bucket).key(key), ResponseTransformer.toBytes()).asByteArray();
    }

    /**
     * Downloads the injector's files (every object under its root but {@code live/}) into
     * {@code folder}, at their relative paths.
     *
     * @return how many files came down
     */
    public int getFiles(Path folder) {
        int count = 0;
        for (S3Object object : s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(root)).contents()) {
            String relative = object.key().substring(root.length());
            if (relative.isEmpty() || relative.startsWith(LIVE) || relative.endsWith("/")) {
                continue;
            }
            Path file = folder.resolve(relative).normalize();
            if (!file.startsWith(folder.normalize())) {
                throw new IllegalStateException("object " + object.key() + " would land outside " + folder);
            }
            try {
                Files.createDirectories(file.getParent());
                Files.write(file, get(object.key()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file, e);
            }
            count++;
        }
        return count;
    }
}
