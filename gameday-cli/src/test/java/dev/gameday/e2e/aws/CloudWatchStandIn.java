package dev.gameday.e2e.aws;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * CloudWatch {@code GetMetricData} as its API reference documents it for the AWS Query protocol
 * the SDK speaks to it: reads whatever queries and time range the form asks for and answers each
 * with a known constant series, one point per asked period from the period-aligned start, so the
 * SLO verdicts are predictable: p99 target response time 0.12 s, 4 running and 4 desired tasks,
 * 2 healthy hosts per zone, 120 requests and no 5xx per period.
 */
public final class CloudWatchStandIn implements ResponseDefinitionTransformerV2 {

    static final String NAME = "cloudwatch-series";
    static final Map<String, Double> VALUES = Map.of(
            "TargetResponseTime", 0.12,
            "RunningTaskCount", 4.0,
            "DesiredTaskCount", 4.0,
            "HealthyHostCount", 2.0,
            "RequestCount", 120.0,
            "HTTPCode_ELB_5XX_Count", 0.0,
            "HTTPCode_Target_5XX_Count", 0.0);

    private static final Pattern QUERY_ID = Pattern.compile("MetricDataQueries\\.member\\.(\\d+)\\.Id");

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public ResponseDefinition transform(ServeEvent serveEvent) {
        Map<String, String> form = form(serveEvent.getRequest().getBodyAsString());
        Instant start = Instant.parse(form.get("StartTime"));
        Instant end = Instant.parse(form.get("EndTime"));
        StringBuilder results = new StringBuilder();
        for (String key : form.keySet()) {
            Matcher m = QUERY_ID.matcher(key);
            if (!m.matches()) {
                continue;
            }
            String prefix = "MetricDataQueries.member." + m.group(1) + ".MetricStat.";
            String metric = form.get(prefix + "Metric.MetricName");
            long period = Long.parseLong(form.get(prefix + "Period"));
            double value = VALUES.getOrDefault(metric, 1.0);
            StringBuilder timestamps = new StringBuilder();
            StringBuilder values = new StringBuilder();
            // CloudWatch stamps periods on its grid: the first one may begin before StartTime.
            for (long t = Math.floorDiv(start.getEpochSecond(), period) * period; t < end.getEpochSecond(); t += period) {
                timestamps.append("<member>").append(Instant.ofEpochSecond(t)).append("</member>");
                values.append("<member>").append(value).append("</member>");
            }
            results.append("<member><Id>").append(form.get(key)).append("</Id><Label>").append(metric)
                    .append("</Label><StatusCode>Complete</StatusCode><Timestamps>").append(timestamps)
                    .append("</Timestamps><Values>").append(values).append("</Values><Messages/></member>");
        }
        String body = """
                <GetMetricDataResponse xmlns="http://monitoring.amazonaws.com/doc/2010-08-01/">
                  <GetMetricDataResult>
                    <MetricDataResults>%s</MetricDataResults>
                    <Messages/>
                  </GetMetricDataResult>
                  <ResponseMetadata><RequestId>3f1c8a4e-1b2d-4c5e-9f60-7a8b9c0d1e2f</RequestId></ResponseMetadata>
                </GetMetricDataResponse>
                """.formatted(results);
        return responseDefinition().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body).build();
    }

    /** The form parameters of a Query-protocol request body. */
    static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
