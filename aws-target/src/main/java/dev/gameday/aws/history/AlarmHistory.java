package dev.gameday.aws.history;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gameday.aws.client.ReadCallCounter;
import dev.gameday.core.event.Event;
import dev.gameday.core.json.Json;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.AlarmHistoryItem;
import software.amazon.awssdk.services.cloudwatch.model.HistoryItemType;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The state changes of named CloudWatch alarms over a window, from {@code DescribeAlarmHistory}
 * ({@code HistoryItemType=StateUpdate}, oldest first, every {@code NextToken} page), one call per
 * alarm: naming the alarm lets the IAM policy name it too. Each change becomes an {@code alarm.state}
 * event, as the local stop-condition watch emits it: {@code alarm}, {@code state} (the new one),
 * {@code previous}, {@code reason}.
 */
final class AlarmHistory {

    /** {@code HistorySummary} reads "Alarm updated from OK to ALARM" when {@code HistoryData} cannot be read. */
    private static final Pattern SUMMARY = Pattern.compile("from (\\w+) to (\\w+)");

    private final CloudWatchClient cloudWatch;
    private final List<String> alarms;

    AlarmHistory(CloudWatchClient cloudWatch, List<String> alarms) {
        this.cloudWatch = cloudWatch;
        this.alarms = List.copyOf(alarms);
    }

    List<Event> read(Instant start, Instant end) {
        List<Event> out = new ArrayList<>();
        for (String alarm : alarms) {
            cloudWatch.describeAlarmHistoryPaginator(b -> b.alarmName(alarm)
                            .historyItemType(HistoryItemType.STATE_UPDATE)
                            .startDate(start).endDate(end)
                            .scanBy(ScanBy.TIMESTAMP_ASCENDING)
                            .maxRecords(100)
                            .overrideConfiguration(o -> o.putExecutionAttribute(ReadCallCounter.COUNTED, true)))
                    .alarmHistoryItems()
                    .forEach(item -> toEvent(item).ifPresent(out::add));
        }
        return out;
    }

    private static Optional<Event> toEvent(AlarmHistoryItem item) {
        if (item.timestamp() == null || item.alarmName() == null) {
            return Optional.empty();
        }
        String state = null;
        String previous = null;
        String reason = null;
        if (item.historyData() != null) {
            try {
                JsonNode data = Json.mapper().readTree(item.historyData());
                state = text(data.at("/newState/stateValue"));
                previous = text(data.at("/oldState/stateValue"));
                reason = text(data.at("/newState/stateReason"));
            } catch (IOException e) {
                // The summary below still says which way the alarm went.
            }
        }
        if (state == null && item.historySummary() != null) {
            Matcher m = SUMMARY.matcher(item.historySummary());
            if (m.find()) {
                previous = m.group(1);
                state = m.group(2);
            }
        }
        if (state == null) {
            return Optional.empty();
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("alarm", item.alarmName());
        attrs.put("state", state);
        if (previous != null) {
            attrs.put("previous", previous);
        }
        if (reason != null) {
            attrs.put("reason", reason);
        }
        return Optional.of(new Event(item.timestamp(), PlatformHistory.CLOUDWATCH, "alarm.state", attrs));
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.asText() : null;
    }
}
