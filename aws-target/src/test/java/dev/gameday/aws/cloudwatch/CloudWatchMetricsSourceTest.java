package dev.gameday.aws.cloudwatch;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.core.metric.TimeSeries;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.notContaining;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * CloudWatch is stood in by WireMock answering {@code GetMetricData} as the API reference documents
 * it for the protocol the SDK (2.40) speaks to CloudWatch: AWS Query — a form-encoded
 * {@code POST /} ({@code Action=GetMetricData&Version=2010-08-01&MetricDataQueries.member.N…}) answered
 * with {@code GetMetricDataResponse} XML, errors as {@code ErrorResponse} XML with a 400. The tests
 * check the requests the SDK sent.
 */
class CloudWatchMetricsSourceTest {

    private static final Instant START = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant END = START.plusSeconds(180);
    private static final MetricQuery P99 = new MetricQuery("AWS/ApplicationELB", "TargetResponseTime",
            Map.of("LoadBalancer", "app/shop/50dc6c495c0c9188", "AvailabilityZone", "eu-west-1a"),
            Statistic.of("p99"), Duration.ofSeconds(60));

    private WireMockServer cloudWatch;
    private CloudWatchMetricsSource source;

    @BeforeEach
    void start() {
        cloudWatch = new WireMockServer(options().dynamicPort());
        cloudWatch.start();
        source = CloudWatchMetricsSource.builder()
                .region("eu-west-1")
                .endpointOverride(URI.create(cloudWatch.baseUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                // No waiting between retries in tests: the backoff's shape is not what they check.
                .retries(3, Duration.ZERO, Duration.ZERO)
                .build();
    }

    @AfterEach
    void stop() {
        try {
            source.close();
        } finally {
            cloudWatch.stop();
        }
    }

    // ---- the documented shapes ----

    /** One {@code MetricDataResult}: {@code points} alternate timestamp and value. */
    static String result(String id, String status, Object... points) {
        StringBuilder timestamps = new StringBuilder();
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < points.length; i += 2) {
            timestamps.append("<member>").append(points[i]).append("</member>");
            values.append("<member>").append(points[i + 1]).append("</member>");
        }
        return "<member><Id>" + id + "</Id><Label>" + id + "</Label><StatusCode>" + status + "</StatusCode>"
                + "<Timestamps>" + timestamps + "</Timestamps><Values>" + values + "</Values><Messages/></member>";
    }

    static String response(String nextToken, String... results) {
        return """
                <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                  <GetMetricDataResult>
                    <MetricDataResults>%s</MetricDataResults>
                    %s
                    <Messages/>
                  </GetMetricDataResult>
                  <ResponseMetadata><RequestId>3f1c8a4e-1b2d-4c5e-9f60-7a8b9c0d1e2f</RequestId></ResponseMetadata>
                </GetMetricDataResponse>
                """.formatted(String.join("", results), nextToken == null ? "" : "<NextToken>" + nextToken + "</NextToken>");
    }

    static String error(String code, String message) {
        return """
                <ErrorResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                  <Error><Type>Sender</Type><Code>%s</Code><Message>%s</Message></Error>
                  <RequestId>7d2e4b1a-5c6f-4a3b-8e9d-0f1a2b3c4d5e</RequestId>
                </ErrorResponse>
                """.formatted(code, message);
    }

    private void answer(String body) {
        cloudWatch.stubFor(post(urlEqualTo("/")).withRequestBody(containing("Action=GetMetricData"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body)));
    }

    /** The form parameters of every GetMetricData request received, in order. */
    private List<Map<String, String>> requests() {
        List<Map<String, String>> out = new ArrayList<>();
        for (LoggedRequest r : cloudWatch.findAll(postRequestedFor(urlEqualTo("/")))) {
            Map<String, String> form = new LinkedHashMap<>();
            for (String pair : r.getBodyAsString().split("&")) {
                int eq = pair.indexOf('=');
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
            out.add(form);
        }
        return out;
    }

    // ---- tests ----

    @Test
    void asks_for_the_metric_statistic_period_and_dimensions_and_maps_the_answer_back() {
        answer(response(null, result("q0", "Complete",
                "2026-11-23T12:00:00Z", "0.231", "2026-11-23T12:01:00Z", "0.734", "2026-11-23T12:02:00Z", "0.25")));

        TimeSeries series = source.fetch(P99, START, END);

        assertThat(series.query()).isEqualTo(P99);
        assertThat(series.points()).containsExactly(new DataPoint(START, 0.231),
                new DataPoint(START.plusSeconds(60), 0.734), new DataPoint(START.plusSeconds(120), 0.25));
        Map<String, String> sent = requests().get(0);
        assertThat(sent).containsEntry("Action", "GetMetricData").containsEntry("Version", "2010-08-01")
                .containsEntry("MetricDataQueries.member.1.Id", "q0")
                .containsEntry("MetricDataQueries.member.1.ReturnData", "true")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Namespace", "AWS/ApplicationELB")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.MetricName", "TargetResponseTime")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Name", "AvailabilityZone")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.1.Value", "eu-west-1a")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Name", "LoadBalancer")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value", "app/shop/50dc6c495c0c9188")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Period", "60")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Stat", "p99")
                .containsEntry("ScanBy", "TimestampAscending")
                .containsEntry("StartTime", "2026-11-23T12:00:00Z")
                .containsEntry("EndTime", "2026-11-23T12:03:00Z")
                .doesNotContainKey("NextToken");
        assertThat(source.apiCalls()).isEqualTo(1);
        assertThat(source.metricsRequested()).isEqualTo(1);
    }

    @Test
    void follows_next_token_while_data_is_partial_and_joins_the_pages() {
        MetricQuery requests = new MetricQuery("AWS/ApplicationELB", "RequestCount",
                Map.of("LoadBalancer", "app/shop/50dc6c495c0c9188"), Statistic.SUM, Duration.ofSeconds(60));
        cloudWatch.stubFor(post(urlEqualTo("/")).withRequestBody(notContaining("NextToken"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(response("page-2",
                        result("q0", "PartialData", "2026-11-23T12:00:00Z", "600"),
                        result("q1", "Complete", "2026-11-23T12:00:00Z", "0.2", "2026-11-23T12:01:00Z", "0.3")))));
        cloudWatch.stubFor(post(urlEqualTo("/")).withRequestBody(containing("NextToken=page-2"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(response(null,
                        result("q0", "Complete", "2026-11-23T12:01:00Z", "580", "2026-11-23T12:02:00Z", "610")))));

        List<TimeSeries> series = source.fetchAll(List.of(requests, P99), START, END);

        assertThat(series.get(0).points()).extracting(DataPoint::value).containsExactly(600.0, 580.0, 610.0);
        assertThat(series.get(1).points()).extracting(DataPoint::value).containsExactly(0.2, 0.3);
        List<Map<String, String>> sent = requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1)).containsEntry("NextToken", "page-2")
                .containsEntry("MetricDataQueries.member.1.Id", "q0").containsEntry("MetricDataQueries.member.2.Id", "q1");
        assertThat(source.apiCalls()).isEqualTo(2);
        assertThat(source.metricsRequested()).isEqualTo(4);
    }

    @Test
    void throttling_is_retried_and_every_attempt_counted() {
        cloudWatch.stubFor(post(urlEqualTo("/")).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                        .withBody(error("Throttling", "Rate exceeded")))
                .willSetStateTo("calm"));
        cloudWatch.stubFor(post(urlEqualTo("/")).inScenario("throttled").whenScenarioStateIs("calm")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(response(null, result("q0", "Complete", "2026-11-23T12:00:00Z", "0.5")))));

        TimeSeries series = source.fetch(P99, START, END);

        assertThat(series.points()).containsExactly(new DataPoint(START, 0.5));
        assertThat(requests()).hasSize(2).allSatisfy(r -> assertThat(r).containsEntry("MetricDataQueries.member.1.Id", "q0"));
        assertThat(source.apiCalls()).isEqualTo(2);
    }

    @Test
    void gives_up_after_its_attempts_naming_the_throttling() {
        cloudWatch.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400)
                .withHeader("Content-Type", "text/xml").withBody(error("Throttling", "Rate exceeded"))));

        assertThatThrownBy(() -> source.fetch(P99, START, END))
                .isInstanceOf(CloudWatchException.class)
                .hasMessageContaining("still failing after 3 attempts").hasMessageContaining("Rate exceeded");
        assertThat(source.apiCalls()).isEqualTo(3);
    }

    @Test
    void a_refused_request_is_not_retried() {
        cloudWatch.stubFor(post(urlEqualTo("/")).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                .withBody(error("InvalidParameterValue", "The value 7 for parameter MetricDataQueries.member.1.MetricStat.Period is not a valid period"))));

        assertThatThrownBy(() -> source.fetch(P99, START, END))
                .isInstanceOf(CloudWatchException.class).hasMessageContaining("InvalidParameterValue");
        assertThat(source.apiCalls()).isEqualTo(1);
    }

    @Test
    void the_api_usage_for_the_summary_is_what_cloudwatch_received() {
        // A game day's worth of reads: a throttled call retried, a paged answer, a second range.
        cloudWatch.stubFor(post(urlEqualTo("/")).inScenario("day").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml")
                        .withBody(error("Throttling", "Rate exceeded")))
                .willSetStateTo("paged"));
        cloudWatch.stubFor(post(urlEqualTo("/")).inScenario("day").whenScenarioStateIs("paged")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(response("page-2",
                        result("q0", "PartialData", "2026-11-23T12:00:00Z", "0.4")))).willSetStateTo("rest"));
        cloudWatch.stubFor(post(urlEqualTo("/")).inScenario("day").whenScenarioStateIs("rest")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                        .withBody(response(null, result("q0", "Complete", "2026-11-23T12:01:00Z", "0.5")))));
        MetricQuery tasks = new MetricQuery("ECS/ContainerInsights", "RunningTaskCount",
                Map.of("ClusterName", "shop", "ServiceName", "api"), Statistic.MINIMUM, Duration.ofSeconds(60));

        source.fetchAll(List.of(P99, tasks), START, END);
        source.fetch(tasks, START, START.plusSeconds(60));

        List<Map<String, String>> received = requests();
        long metrics = received.stream().mapToLong(form -> form.keySet().stream()
                .filter(k -> k.matches("MetricDataQueries\\.member\\.\\d+\\.Id")).count()).sum();
        assertThat(received).hasSize(4).allSatisfy(form -> assertThat(form).containsEntry("Action", "GetMetricData"));
        assertThat(source.apiUsage()).containsExactlyInAnyOrderEntriesOf(Map.of(
                CloudWatchMetricsSource.GET_METRIC_DATA, (long) received.size(),
                CloudWatchMetricsSource.METRICS_REQUESTED, metrics));
        assertThat(metrics).isEqualTo(7);
    }

    @Test
    void standard_metrics_have_minute_data_and_declared_custom_namespaces_seconds() {
        try (CloudWatchMetricsSource highRes = CloudWatchMetricsSource.builder().region("eu-west-1")
                .endpointOverride(URI.create(cloudWatch.baseUrl()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .highResolution("Shop/Checkout").build()) {
            MetricQuery custom = new MetricQuery("Shop/Checkout", "Latency", Map.of(), Statistic.AVERAGE, Duration.ofSeconds(1));

            assertThat(highRes.finestPeriod(P99)).isEqualTo(Duration.ofSeconds(60));
            assertThat(highRes.finestPeriod(custom)).isEqualTo(Duration.ofSeconds(1));
            assertThat(source.finestPeriod(custom)).isEqualTo(Duration.ofSeconds(60));
        }
        assertThatThrownBy(() -> CloudWatchMetricsSource.builder().highResolution("AWS/ApplicationELB"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("standard resolution");
        assertThat(requests()).isEmpty();
    }

    @Test
    void batches_501_queries_into_two_calls_of_500_and_1() {
        answer(response(null));
        List<MetricQuery> queries = IntStream.range(0, 501).mapToObj(i -> new MetricQuery("ECS/ContainerInsights",
                "RunningTaskCount", Map.of("ClusterName", "shop", "ServiceName", "api-" + i), Statistic.MINIMUM,
                Duration.ofSeconds(60))).toList();

        List<TimeSeries> series = source.fetchAll(queries, START, END);

        assertThat(series).hasSize(501).allSatisfy(s -> assertThat(s.isEmpty()).isTrue());
        assertThat(series.get(500).query()).isEqualTo(queries.get(500));
        List<Map<String, String>> sent = requests();
        assertThat(sent).hasSize(2);
        assertThat(sent.get(0)).containsEntry("MetricDataQueries.member.500.Id", "q499")
                .containsEntry("MetricDataQueries.member.500.MetricStat.Metric.Dimensions.member.2.Name", "ServiceName")
                .containsEntry("MetricDataQueries.member.500.MetricStat.Metric.Dimensions.member.2.Value", "api-499")
                .doesNotContainKey("MetricDataQueries.member.501.Id");
        assertThat(sent.get(1)).containsEntry("MetricDataQueries.member.1.Id", "q0")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Metric.Dimensions.member.2.Value", "api-500")
                .containsEntry("MetricDataQueries.member.1.MetricStat.Stat", "Minimum")
                .doesNotContainKey("MetricDataQueries.member.2.Id");
        assertThat(source.apiCalls()).isEqualTo(2);
        assertThat(source.metricsRequested()).isEqualTo(501);
    }

    @Test
    void a_period_cloudwatch_does_not_accept_is_rounded_up_and_said_so() {
        MetricQuery twentySeconds = P99.withPeriod(Duration.ofSeconds(20));
        // CloudWatch stamps the period from its own grid: 11:59:30 for a 30 s period covering 12:00:00.
        answer(response(null, result("q0", "Complete", "2026-11-23T11:59:30Z", "0.4", "2026-11-23T12:00:30Z", "0.6")));

        TimeSeries series = source.fetch(twentySeconds, START, START.plusSeconds(60));

        assertThat(requests().get(0)).containsEntry("MetricDataQueries.member.1.MetricStat.Period", "30");
        assertThat(series.query()).isEqualTo(twentySeconds);
        assertThat(series.points()).extracting(DataPoint::timestamp).containsExactly(START, START.plusSeconds(30));
        assertThat(source.periodAdjustments()).containsExactly(new PeriodAdjustment(twentySeconds, Duration.ofSeconds(30)));
        assertThat(source.periodAdjustments().get(0).describe()).endsWith(
                "p99/20s fetched with Period 30 s (CloudWatch accepts 1, 5, 10, 30 s or multiples of 60 s)");
    }

    @Test
    void a_query_cloudwatch_answers_with_an_error_status_fails_by_name() {
        answer(response(null, result("q0", "Forbidden")));

        assertThatThrownBy(() -> source.fetch(P99, START, END))
                .isInstanceOf(CloudWatchException.class)
                .hasMessageContaining("answered Forbidden for AWS/ApplicationELB TargetResponseTime");
    }
}
