package dev.gameday.aws.standin;

import com.github.tomakehurst.wiremock.common.Metadata;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;

/**
 * S3 stood in for path-style requests to the buckets it is given ({@code AwsStandIn.s3Bucket}):
 * {@code PutObject} stores the object (an {@code aws-chunked} body, as the SDK sends it with a
 * trailing checksum, is decoded as S3 decodes it), {@code GetObject} returns it or the documented
 * {@code NoSuchKey} error, {@code ListObjectsV2} ({@code list-type=2}) answers the documented
 * {@code ListBucketResult} with {@code prefix}, {@code start-after}, {@code max-keys} and
 * continuation tokens. Objects are kept in key order (UTF-8 binary order for the ASCII keys tests use),
 * as S3 lists them. The test asserts on the requests WireMock logged.
 */
public final class S3Objects implements ResponseDefinitionTransformerV2 {

    static final String NAME = "s3-objects";
    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";

    private final Map<String, NavigableMap<String, byte[]>> buckets = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    /** Makes {@code bucket} exist (empty). */
    void create(String bucket) {
        buckets.computeIfAbsent(bucket, b -> new ConcurrentSkipListMap<>());
    }

    /** The objects of {@code bucket}, by key: what the test reads back. */
    public NavigableMap<String, byte[]> objects(String bucket) {
        return buckets.get(bucket);
    }

    /** Puts an object as if someone else (an injector task) had uploaded it. */
    public void put(String bucket, String key, byte[] body) {
        buckets.get(bucket).put(key, body);
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String path = request.getUrl();
        int query = path.indexOf('?');
        Map<String, String> params = query < 0 ? Map.of() : params(path.substring(query + 1));
        path = query < 0 ? path : path.substring(0, query);
        String[] parts = path.substring(1).split("/", 2);
        String bucket = parts[0];
        String key = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "";
        NavigableMap<String, byte[]> objects = buckets.get(bucket);
        if (objects == null) {
            return error(404, "NoSuchBucket", "The specified bucket does not exist", bucket);
        }
        String method = request.getMethod().getName();
        if (method.equals("PUT") && !key.isEmpty()) {
            byte[] body = decode(request);
            objects.put(key, body);
            return aResponse().withStatus(200).withHeader("ETag", "\"" + md5(body) + "\"")
                    .withHeader("x-amz-request-id", "4442587FB7D0A2F9").build();
        }
        if (method.equals("GET") && key.isEmpty() && "2".equals(params.get("list-type"))) {
            return list(bucket, objects, params);
        }
        if (method.equals("GET")) {
            byte[] body = objects.get(key);
            if (body == null) {
                return error(404, "NoSuchKey", "The specified key does not exist.", key);
            }
            return aResponse().withStatus(200).withHeader("Content-Type", "application/octet-stream")
                    .withHeader("ETag", "\"" + md5(body) + "\"").withHeader("Content-Length", String.valueOf(body.length))
                    .withHeader("Last-Modified", "Mon, 07 Dec 2026 06:18:40 GMT").withBody(body).build();
        }
        return error(405, "MethodNotAllowed", "The specified method is not allowed against this resource.", key);
    }

    private static ResponseDefinition list(String bucket, NavigableMap<String, byte[]> objects, Map<String, String> params) {
        String prefix = params.getOrDefault("prefix", "");
        String after = params.get("continuation-token") != null ? params.get("continuation-token")
                : params.getOrDefault("start-after", "");
        int max = Integer.parseInt(params.getOrDefault("max-keys", "1000"));
        StringBuilder contents = new StringBuilder();
        int count = 0;
        String last = null;
        boolean truncated = false;
        for (Map.Entry<String, byte[]> e : objects.tailMap(after, false).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                if (e.getKey().compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (count == max) {
                truncated = true;
                break;
            }
            contents.append("<Contents><Key>").append(xml(e.getKey())).append("</Key>")
                    .append("<LastModified>").append(Instant.parse("2026-12-07T06:18:40Z")).append("</LastModified>")
                    .append("<ETag>&quot;").append(md5(e.getValue())).append("&quot;</ETag>")
                    .append("<Size>").append(e.getValue().length).append("</Size>")
                    .append("<StorageClass>STANDARD</StorageClass></Contents>");
            count++;
            last = e.getKey();
        }
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult xmlns=\"" + NS + "\">"
                + "<Name>" + bucket + "</Name><Prefix>" + xml(prefix) + "</Prefix>"
                + (params.containsKey("start-after") ? "<StartAfter>" + xml(params.get("start-after")) + "</StartAfter>" : "")
                + (params.containsKey("continuation-token")
                        ? "<ContinuationToken>" + xml(params.get("continuation-token")) + "</ContinuationToken>" : "")
                + "<KeyCount>" + count + "</KeyCount><MaxKeys>" + max + "</MaxKeys>"
                + "<IsTruncated>" + truncated + "</IsTruncated>"
                + (truncated ? "<NextContinuationToken>" + xml(last) + "</NextContinuationToken>" : "")
                + contents + "</ListBucketResult>";
        return aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                .withHeader("x-amz-request-id", "4442587FB7D0A2F9").withBody(body).build();
    }

    private static ResponseDefinition error(int status, String code, String message, String resource) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/xml")
                .withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + code + "</Code><Message>" + message
                        + "</Message><Resource>" + xml(resource) + "</Resource><RequestId>4442587FB7D0A2F9</RequestId></Error>")
                .build();
    }

    /**
     * The object's bytes: an {@code aws-chunked} body ({@code <hex size>[;chunk-signature=…]\r\n<data>\r\n}
     * … {@code 0…\r\n<trailers>\r\n}) decoded, any other body as it is.
     */
    static byte[] decode(Request request) {
        byte[] raw = request.getBody();
        String encoding = request.header("Content-Encoding").isPresent() ? request.getHeader("Content-Encoding") : "";
        boolean chunked = encoding.contains("aws-chunked") || request.containsHeader("x-amz-decoded-content-length");
        if (!chunked) {
            return raw;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < raw.length) {
            int lineEnd = indexOfCrlf(raw, at);
            String header = new String(raw, at, lineEnd - at, StandardCharsets.US_ASCII);
            int semicolon = header.indexOf(';');
            int size = Integer.parseInt(semicolon < 0 ? header.trim() : header.substring(0, semicolon).trim(), 16);
            at = lineEnd + 2;
            if (size == 0) {
                break; // trailers (x-amz-checksum-crc32: …) follow
            }
            out.write(raw, at, size);
            at += size + 2;
        }
        return out.toByteArray();
    }

    private static int indexOfCrlf(byte[] raw, int from) {
        for (int i = from; i < raw.length - 1; i++) {
            if (raw[i] == '\r' && raw[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalArgumentException("aws-chunked body without CRLF after offset " + from);
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            out.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String md5(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
