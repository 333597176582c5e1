package dev.gameday.report.timeline;

import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.TimeSeries;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class DashboardSeriesTest {

    private static final Map<String, String> TARGET = Map.of("loadBalancer", "app/shop/1", "targetGroup", "targetgroup/shop/2",
            "cluster", "gameday", "service", "shop", "zones", "local-1a, local-1b,local-1c");

    @Test
    void queriesOneSeriesPerResourceAndOnePerZone() {
        List<MetricQuery> queries = DashboardSeries.queries(TARGET);

        assertThat(queries).hasSize(DashboardSeries.values().length - 1 + 3);
        assertThat(queries).filteredOn(q -> q.metricName().equals("HealthyHostCount"))
                .extracting(q -> q.dimensions().get("AvailabilityZone"))
                .containsExactly("local-1a", "local-1b", "local-1c");
        assertThat(queries).allSatisfy(q -> assertThat(q.period().toSeconds()).isEqualTo(1));
    }

    @Test
    void eachRecordedQueryIsFoundAgainByItsOwnSeriesOnly() {
        Instant t0 = Instant.parse("2026-12-07T10:00:00Z");
        for (MetricQuery q : DashboardSeries.queries(TARGET)) {
            TimeSeries recorded = new TimeSeries(q, t0, t0.plusSeconds(10), List.of());
            assertThat(Arrays.stream(DashboardSeries.values()).filter(s -> s.matches(recorded)))
                    .as(q.label()).hasSize(1)
                    .allSatisfy(s -> assertThat(s.statistic()).isEqualTo(q.statistic()));
        }
    }
}
