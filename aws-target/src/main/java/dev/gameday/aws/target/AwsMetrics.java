package dev.gameday.aws.target;

import dev.gameday.aws.dns.Route53Watch;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.aws.cloudwatch.CloudWatchMetricsSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The {@code aws} target's metrics: Route 53 health check status from the target's own
 * {@link Route53Watch} (polled during the run), everything else from CloudWatch
 * {@code GetMetricData}, batched. A query is answered by exactly one of the two. Its API usage adds
 * the reads of the platform's history at the end of the run to GetMetricData's.
 */
final class AwsMetrics implements MetricsSource {

    private final CloudWatchMetricsSource cloudWatch;
    private final Route53Watch route53;
    private final Supplier<Map<String, Long>> historyReads;

    /**
     * @param route53      the watch, or {@code null} when the target file has no {@code route53:} block
     * @param historyReads the calls that read the platform's history, by {@code service:Operation}
     */
    AwsMetrics(CloudWatchMetricsSource cloudWatch, Route53Watch route53, Supplier<Map<String, Long>> historyReads) {
        this.cloudWatch = cloudWatch;
        this.route53 = route53;
        this.historyReads = historyReads;
    }

    @Override
    public TimeSeries fetch(MetricQuery query, Instant start, Instant end) {
        return fetchAll(List.of(query), start, end).get(0);
    }

    @Override
    public List<TimeSeries> fetchAll(List<MetricQuery> queries, Instant start, Instant end) {
        List<MetricQuery> fromCloudWatch = queries.stream().filter(q -> !fromRoute53(q)).toList();
        Map<MetricQuery, TimeSeries> answers = new HashMap<>();
        if (!fromCloudWatch.isEmpty()) {
            List<TimeSeries> series = cloudWatch.fetchAll(fromCloudWatch, start, end);
            for (int i = 0; i < fromCloudWatch.size(); i++) {
                answers.put(fromCloudWatch.get(i), series.get(i));
            }
        }
        List<TimeSeries> out = new ArrayList<>();
        for (MetricQuery query : queries) {
            out.add(fromRoute53(query) ? route53.metrics().fetch(query, start, end) : answers.get(query));
        }
        return out;
    }

    /** Route 53 health check status is recorded as it is polled; CloudWatch says for everything else. */
    @Override
    public Duration finestPeriod(MetricQuery query) {
        return fromRoute53(query) ? Duration.ofSeconds(1) : cloudWatch.finestPeriod(query);
    }

    /**
     * CloudWatch's paid calls, and the reads of the platform's history ({@code cloudwatch:DescribeAlarmHistory},
     * {@code ecs:DescribeServices}, {@code rds:DescribeEvents}); Route 53's polls are not billed.
     */
    @Override
    public Map<String, Long> apiUsage() {
        Map<String, Long> usage = new TreeMap<>(cloudWatch.apiUsage());
        usage.putAll(historyReads.get());
        return usage;
    }

    private boolean fromRoute53(MetricQuery query) {
        return route53 != null && Route53Watch.records(query);
    }
}
