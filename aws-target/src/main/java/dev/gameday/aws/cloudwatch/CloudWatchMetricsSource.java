package dev.gameday.aws.cloudwatch;

import dev.gameday.aws.client.AwsRetries;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClientBuilder;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;
import software.amazon.awssdk.services.cloudwatch.model.StatusCode;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The {@link MetricsSource} of the {@code aws} target: CloudWatch {@code GetMetricData}.
 *
 * <ul>
 *   <li>{@link #fetchAll} sends up to {@value #MAX_QUERIES_PER_CALL} queries per call (the API's
 *       limit) and follows {@code NextToken} until every result is complete, joining the pages of
 *       each query; {@code ScanBy=TimestampAscending}, so points come oldest first.</li>
 *   <li>Statistics are sent as {@code MetricStat.Stat}: {@code Sum}, {@code Average}, … and
 *       percentiles ({@code p99}) alike.</li>
 *   <li>Periods CloudWatch does not accept are rounded up ({@link CloudWatchPeriods}); the series
 *       still answers the query as asked, so a run directory records it under that query, and
 *       {@link #periodAdjustments()} says what was done.</li>
 *   <li>Throttling ({@code Throttling}, 400), 5xx answers and connection failures are retried by
 *       the SDK with the harness's one retry set-up ({@link AwsRetries}); an interceptor counts every
 *       request sent, retries included.</li>
 *   <li>{@link #apiCalls()} counts the requests sent and {@link #metricsRequested()} the metrics
 *       they asked for — GetMetricData is billed per metric requested; {@link #apiUsage()} gives
 *       both to the run's summary.</li>
 *   <li>{@link #finestPeriod} is 60 s (standard resolution) except for the custom namespaces declared
 *       {@link Builder#highResolution high-resolution}: SLOs are rescaled to it
 *       (slo-checks {@code period.PeriodRule}).</li>
 * </ul>
 *
 * <pre>{@code
 * try (CloudWatchMetricsSource cloudWatch = CloudWatchMetricsSource.builder().region("eu-west-1").build()) {
 *     List<TimeSeries> series = cloudWatch.fetchAll(queries, start, end);
 * }
 * }</pre>
 */
public final class CloudWatchMetricsSource implements MetricsSource, AutoCloseable {

    /** GetMetricData's limit of metric data queries in one call. */
    public static final int MAX_QUERIES_PER_CALL = 500;

    /** The key of {@link #apiUsage()} that counts GetMetricData requests. */
    public static final String GET_METRIC_DATA = "cloudwatch:GetMetricData";

    /** The key of {@link #apiUsage()} that counts the metrics those requests asked for. */
    public static final String METRICS_REQUESTED = "metricsRequested";

    private static final Duration STANDARD_RESOLUTION = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(CloudWatchMetricsSource.class);

    private final CloudWatchClient client;
    private final int queriesPerCall;
    private final int maxAttempts;
    private final RequestCounter requests = new RequestCounter();
    private final List<PeriodAdjustment> adjustments = new CopyOnWriteArrayList<>();
    private final Set<String> highResolution;

    private CloudWatchMetricsSource(Builder b) {
        this.client = b.buildClient(requests);
        this.queriesPerCall = b.queriesPerCall;
        this.maxAttempts = b.maxAttempts;
        this.highResolution = Set.copyOf(b.highResolution);
    }

    /** A builder with CloudWatch's defaults: the default credentials chain, 500 queries a call, 5 attempts. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        return fetchAll(List.of(query), start, end).get(0);
    }

    /**
     * Answers every query over {@code [start, end)} in as few calls as the API allows, in the
     * order asked. A query asked twice is fetched once.
     *
     * @throws CloudWatchException when a call still fails after the retries, or CloudWatch
     *                             answers a query with {@code InternalError} or {@code Forbidden}
     */
    @Override
    public List<TimeSeries> fetchAll(List<MetricQuery> queries, Instant start, Instant end) {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("empty range " + start + " – " + end);
        }
        List<MetricQuery> distinct = queries.stream().distinct().toList();
        Map<MetricQuery, TimeSeries> answers = new HashMap<>();
        for (int from = 0; from < distinct.size(); from += queriesPerCall) {
            List<MetricQuery> batch = distinct.subList(from, Math.min(from + queriesPerCall, distinct.size()));
            answers.putAll(fetchBatch(batch, start, end));
        }
        return queries.stream().map(answers::get).toList();
    }

    /**
     * CloudWatch keeps every metric per 60 seconds unless it was published at high resolution:
     * {@code AWS/*} and Container Insights metrics always, custom ones by default
     * ({@code PutMetricData}'s {@code StorageResolution} is 60 unless set to 1). Namespaces declared
     * with {@link Builder#highResolution} have 1-second data.
     */
    @Override
    public Duration finestPeriod(MetricQuery query) {
        return highResolution.contains(query.namespace()) ? Duration.ofSeconds(1) : STANDARD_RESOLUTION;
    }

    /**
     * {@code cloudwatch:GetMetricData}: the requests sent ({@link #apiCalls()}); {@code metricsRequested}:
     * the metrics they asked for ({@link #metricsRequested()}), which is what GetMetricData is billed by.
     */
    @Override
    public Map<String, Long> apiUsage() {
        Map<String, Long> out = new TreeMap<>();
        out.put(GET_METRIC_DATA, apiCalls());
        out.put(METRICS_REQUESTED, metricsRequested());
        return out;
    }

    /** The GetMetricData requests sent so far, throttled and retried ones included. */
    public long apiCalls() {
        return requests.sent();
    }

    /** The metrics the requests asked for so far, pages included: what GetMetricData is billed by. */
    public long metricsRequested() {
        return requests.metrics();
    }

    /** Every query fetched with another period than asked, because CloudWatch does not accept the asked one. */
    public List<PeriodAdjustment> periodAdjustments() {
        return List.copyOf(adjustments);
    }

    @Override
    public void close() {
        client.close();
    }

    private Map<MetricQuery, TimeSeries> fetchBatch(List<MetricQuery> batch, Instant start, Instant end) {
        List<MetricDataQuery> wire = new ArrayList<>();
        Map<String, MetricQuery> byId = new HashMap<>();
        Map<String, TreeMap<Instant, Double>> points = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            // Ids must start with a lower-case letter and be unique within the call.
            String id = "q" + i;
            MetricQuery query = batch.get(i);
            byId.put(id, query);
            points.put(id, new TreeMap<>());
            wire.add(toWire(id, query));
        }
        String token = null;
        do {
            GetMetricDataRequest request = GetMetricDataRequest.builder()
                    .metricDataQueries(wire)
                    .startTime(start)
                    .endTime(end)
                    .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                    .nextToken(token)
                    .build();
            GetMetricDataResponse response = call(request);
            for (MetricDataResult result : response.metricDataResults()) {
                TreeMap<Instant, Double> into = points.get(result.id());
                if (into == null) {
                    continue; // not ours: the API answers only the ids asked
                }
                if (result.statusCode() == StatusCode.INTERNAL_ERROR || result.statusCode() == StatusCode.FORBIDDEN) {
                    throw new CloudWatchException("GetMetricData answered " + result.statusCodeAsString() + " for "
                            + byId.get(result.id()).label() + messages(result));
                }
                List<Instant> timestamps = result.timestamps();
                List<Double> values = result.values();
                for (int i = 0; i < Math.min(timestamps.size(), values.size()); i++) {
                    into.put(timestamps.get(i), values.get(i));
                }
            }
            // PartialData comes with a NextToken: the rest of the points are on the next page.
            token = response.nextToken();
        } while (token != null && !token.isEmpty());

        Map<MetricQuery, TimeSeries> out = new HashMap<>();
        for (Map.Entry<String, MetricQuery> e : byId.entrySet()) {
            List<DataPoint> series = new ArrayList<>();
            points.get(e.getKey()).forEach((t, v) ->
                    // CloudWatch rounds StartTime down to its period grid: the first period may be
                    // stamped before the asked start although it is the one that starts the range.
                    series.add(new DataPoint(t.isBefore(start) ? start : t, v)));
            out.put(e.getValue(), new TimeSeries(e.getValue(), start, end, dedupe(series)));
        }
        return out;
    }

    private MetricDataQuery toWire(String id, MetricQuery query) {
        Duration period = CloudWatchPeriods.accepted(query.period());
        if (!period.equals(query.period())) {
            PeriodAdjustment adjustment = new PeriodAdjustment(query, period);
            if (!adjustments.contains(adjustment)) {
                adjustments.add(adjustment);
                LOG.warn("{}", adjustment.describe());
            }
        }
        // Sorted by name: the query's map has no order, and the same query should send the same request.
        List<Dimension> dimensions = new TreeMap<>(query.dimensions()).entrySet().stream()
                .map(d -> Dimension.builder().name(d.getKey()).value(d.getValue()).build()).toList();
        return MetricDataQuery.builder()
                .id(id)
                .returnData(true)
                .metricStat(MetricStat.builder()
                        .metric(Metric.builder().namespace(query.namespace()).metricName(query.metricName())
                                .dimensions(dimensions).build())
                        .period((int) period.toSeconds())
                        .stat(query.statistic().name())
                        .build())
                .build();
    }

    /** One call; the SDK retries throttling, 5xx and connection failures ({@link AwsRetries}). */
    private GetMetricDataResponse call(GetMetricDataRequest request) {
        try {
            return client.getMetricData(request);
        } catch (AwsServiceException e) {
            if (e.isThrottlingException() || e.statusCode() >= 500) {
                throw new CloudWatchException("GetMetricData still failing after " + maxAttempts + " attempts: "
                        + e.getMessage(), e);
            }
            throw new CloudWatchException("GetMetricData failed: " + e.awsErrorDetails().errorCode() + ": "
                    + e.awsErrorDetails().errorMessage(), e);
        } catch (SdkClientException e) {
            throw new CloudWatchException("GetMetricData still failing after " + maxAttempts + " attempts: "
                    + e.getMessage(), e);
        }
    }

    private static List<DataPoint> dedupe(List<DataPoint> points) {
        TreeMap<Instant, DataPoint> byTime = new TreeMap<>();
        points.forEach(p -> byTime.putIfAbsent(p.timestamp(), p));
        return new ArrayList<>(byTime.values());
    }

    private static String messages(MetricDataResult result) {
        return result.messages().isEmpty() ? "" : ": " + result.messages().stream()
                .map(m -> m.code() + " " + m.value()).toList();
    }

    /** Configures a {@link CloudWatchMetricsSource}; every setting has a default. */
    public static final class Builder {

        private Region region;
        private AwsCredentialsProvider credentials;
        private URI endpoint;
        private int queriesPerCall = MAX_QUERIES_PER_CALL;
        private int maxAttempts = AwsRetries.ATTEMPTS;
        private Duration baseDelay = AwsRetries.BASE_DELAY;
        private Duration maxDelay = AwsRetries.MAX_DELAY;
        private final Set<String> highResolution = new TreeSet<>();

        private Builder() {
        }

        /** The region, e.g. {@code eu-west-1}; default: the SDK's region chain ({@code AWS_REGION}, profile…). */
        public Builder region(String region) {
            this.region = Region.of(Objects.requireNonNull(region, "region"));
            return this;
        }

        /** The credentials; default: the SDK's default chain. */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Another endpoint than the region's (a VPC endpoint, or a stand-in in tests). */
        public Builder endpointOverride(URI endpoint) {
            this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
            return this;
        }

        /** Queries per call, at most {@value #MAX_QUERIES_PER_CALL} (the API's limit). */
        public Builder maxQueriesPerCall(int queries) {
            if (queries < 1 || queries > MAX_QUERIES_PER_CALL) {
                throw new IllegalArgumentException("queries per call must be between 1 and " + MAX_QUERIES_PER_CALL
                        + ", was " + queries);
            }
            this.queriesPerCall = queries;
            return this;
        }

        /**
         * Retries of a throttled or failing request: {@code attempts} tries in all (at least 1),
         * the n-th retry waiting a random time up to {@code min(max, base × 2^n)} (full jitter).
         */
        public Builder retries(int attempts, Duration base, Duration max) {
            AwsRetries.of(attempts, base, max); // refuses what it cannot build, here rather than at build()
            this.maxAttempts = attempts;
            this.baseDelay = base;
            this.maxDelay = max;
            return this;
        }

        /**
         * Declares a custom namespace whose metrics are published at high resolution
         * ({@code StorageResolution=1}): SLOs on it are judged on 1-second data. Every other
         * namespace is taken to have 60-second data.
         */
        public Builder highResolution(String namespace) {
            Objects.requireNonNull(namespace, "namespace");
            if (namespace.startsWith("AWS/")) {
                throw new IllegalArgumentException(namespace + " is published by AWS at standard resolution "
                        + "(60 s); only custom namespaces can be high-resolution");
            }
            highResolution.add(namespace);
            return this;
        }

        /** The source, with its own client. */
        public CloudWatchMetricsSource build() {
            return new CloudWatchMetricsSource(this);
        }

        private CloudWatchClient buildClient(RequestCounter counter) {
            CloudWatchClientBuilder b = CloudWatchClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                    // The SDK retries, the harness's way; the counter sees every attempt, retries included.
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetries.of(maxAttempts, baseDelay, maxDelay))
                            .addExecutionInterceptor(counter));
            if (region != null) {
                b.region(region);
            }
            if (endpoint != null) {
                b.endpointOverride(endpoint);
            }
            return b.build();
        }
    }
}
