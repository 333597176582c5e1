package dev.gameday.aws.inject;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.standin.AwsStandIn;
import dev.gameday.aws.standin.S3Objects;
import dev.gameday.core.event.EventLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An injector's objects in S3 stood in by WireMock (path-style, answering PutObject, GetObject and
 * ListObjectsV2 as the S3 API reference documents them): what the injector puts and what the harness
 * lists and gets, read back from the requests the SDK sent.
 */
class InjectorBucketTest {

    private static final String BUCKET = "gameday-results";
    private static final String ROOT = "gameday/20261207-061840-smoke/injectors/inj-1/";

    AwsStandIn aws;
    AwsClients clients;
    S3Objects s3;

    @BeforeEach
    void setUp() {
        aws = new AwsStandIn();
        clients = aws.clients(EventLog.inMemory(Clock.systemUTC()));
        s3 = aws.s3Bucket(BUCKET);
    }

    @AfterEach
    void tearDown() {
        clients.close();
        aws.close();
    }

    @Test
    void theInjectorPutsItsLiveObjectsInOrderAndItsFilesAndTheHarnessListsOnlyNewOnesAndGetsTheFiles(@TempDir Path dir)
            throws Exception {
        InjectorBucket injector = InjectorBucket.at(clients.s3(), URI.create("s3://" + BUCKET + "/" + ROOT));
        assertThat(injector.location()).isEqualTo(URI.create("s3://gameday-results/" + ROOT));
        injector.putLive(0, InjectorBucket.Kind.READY, "{}".getBytes(StandardCharsets.UTF_8));
        injector.putLive(1, InjectorBucket.Kind.SAMPLES, "{\"perSecond\":1}".getBytes(StandardCharsets.UTF_8));

        InjectorBucket harness = new InjectorBucket(clients.s3(), BUCKET, ROOT);
        List<InjectorBucket.Live> first = harness.liveAfter(Optional.empty());
        assertThat(first).extracting(InjectorBucket.Live::kind)
                .containsExactly(InjectorBucket.Kind.READY, InjectorBucket.Kind.SAMPLES);
        assertThat(new String(harness.get(first.get(1).key()), StandardCharsets.UTF_8)).isEqualTo("{\"perSecond\":1}");

        Path output = Files.createDirectories(dir.resolve("out"));
        Files.writeString(output.resolve("client.json"), "{\"series\":[]}");
        Files.writeString(output.resolve("orders.jsonl"), "{\"key\":\"inj-1-1\"}\n");
        Files.createDirectories(output.resolve("gatling/js"));
        Files.writeString(output.resolve("gatling/index.html"), "<html></html>");
        Files.writeString(output.resolve("gatling/js/stats.js"), "var stats = {};");
        Files.createDirectories(output.resolve("live"));
        Files.writeString(output.resolve("live/00000001.json"), "{}");
        assertThat(injector.putFiles(output)).isEqualTo(4);
        injector.putLive(2, InjectorBucket.Kind.SAMPLES, "{\"perSecond\":2}".getBytes(StandardCharsets.UTF_8));
        injector.putLive(3, InjectorBucket.Kind.END, "{\"exitCode\":0}".getBytes(StandardCharsets.UTF_8));

        List<InjectorBucket.Live> next = harness.liveAfter(Optional.of(first.get(1).key()));
        assertThat(next).extracting(InjectorBucket.Live::sequence).containsExactly(2L, 3L);
        assertThat(next.get(1).kind()).isEqualTo(InjectorBucket.Kind.END);
        Path into = dir.resolve("run/injectors/inj-1");
        assertThat(harness.getFiles(into)).isEqualTo(4);
        assertThat(Files.readString(into.resolve("gatling/js/stats.js"))).isEqualTo("var stats = {};");
        assertThat(Files.readString(into.resolve("orders.jsonl"))).isEqualTo("{\"key\":\"inj-1-1\"}\n");
        assertThat(into.resolve("live")).doesNotExist();

        // What the SDK sent: path-style PUTs of exact bytes under the injector's root, ListObjectsV2 with
        // the live prefix and StartAfter the last key read.
        List<LoggedRequest> puts = aws.s3Requests(BUCKET, "PUT");
        assertThat(puts).extracting(LoggedRequest::getUrl).containsExactly(
                "/gameday-results/" + ROOT + "live/00000000-ready.json",
                "/gameday-results/" + ROOT + "live/00000001.json",
                "/gameday-results/" + ROOT + "client.json",
                "/gameday-results/" + ROOT + "gatling/index.html",
                "/gameday-results/" + ROOT + "gatling/js/stats.js",
                "/gameday-results/" + ROOT + "orders.jsonl",
                "/gameday-results/" + ROOT + "live/00000002.json",
                "/gameday-results/" + ROOT + "live/00000003-end.json");
        assertThat(puts.get(0).getHeader("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/");
        assertThat(puts.get(0).getHeader("Authorization")).contains("/eu-west-1/s3/aws4_request");
        assertThat(new String(s3.objects(BUCKET).get(ROOT + "gatling/index.html"), StandardCharsets.UTF_8))
                .isEqualTo("<html></html>");
        List<LoggedRequest> lists = aws.s3Requests(BUCKET, "GET").stream()
                .filter(r -> r.queryParameter("list-type").isPresent()).toList();
        assertThat(lists).hasSizeGreaterThanOrEqualTo(3);
        assertThat(lists.get(0).queryParameter("list-type").firstValue()).isEqualTo("2");
        assertThat(lists.get(0).queryParameter("prefix").firstValue()).isEqualTo(ROOT + "live/");
        assertThat(lists.get(0).queryParameter("start-after").isPresent()).isFalse();
        assertThat(lists.get(1).queryParameter("start-after").firstValue()).isEqualTo(ROOT + "live/00000001.json");
        assertThat(lists.get(2).queryParameter("prefix").firstValue()).isEqualTo(ROOT);
    }

    @Test
    void aLocationThatIsNotAnInjectorsS3FolderIsRefused() {
        assertThatThrownBy(() -> InjectorBucket.at(clients.s3(), URI.create("https://gameday-results/x/")))
                .hasMessageContaining("not an injector's S3 location");
        assertThatThrownBy(() -> new InjectorBucket(clients.s3(), BUCKET, "no-slash"))
                .hasMessageContaining("ends with /");
    }
}
