package dev.gameday.aws.history;

import dev.gameday.aws.client.ReadCallCounter;
import dev.gameday.aws.config.DatabaseRef;
import dev.gameday.core.event.Event;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.SourceType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The database's failover events over a window, from RDS {@code DescribeEvents} ({@code SourceType}
 * {@code db-cluster} or {@code db-instance} with the target file's identifier, {@code StartTime},
 * {@code EndTime}, {@code EventCategories=failover}, every {@code Marker} page). RDS's messages say
 * which step it was: "Started cross AZ failover to DB instance: X" (RDS-EVENT-0073, 0072 for the
 * same zone) and "Multi-AZ instance failover started" (0013) become {@code db.failover.started};
 * "Completed failover to DB instance: X" (0071), "Multi-AZ instance failover completed" (0049) and
 * "Multi-AZ failover to standby complete" (0015) become {@code db.failover.completed}; a failed one
 * (0069) {@code db.failover.failed}; any other {@code db.event}. Each keeps RDS's message.
 */
final class RdsEvents {

    private static final Pattern TO = Pattern.compile("DB instance:?\\s*([A-Za-z][A-Za-z0-9-]*)");

    private final RdsClient rds;
    private final DatabaseRef database;

    RdsEvents(RdsClient rds, DatabaseRef database) {
        this.rds = rds;
        this.database = database;
    }

    List<Event> read(Instant start, Instant end) {
        String id = database.isCluster() ? database.clusterId() : database.instanceId();
        List<Event> out = new ArrayList<>();
        rds.describeEventsPaginator(b -> b.sourceType(database.isCluster() ? SourceType.DB_CLUSTER : SourceType.DB_INSTANCE)
                        .sourceIdentifier(id)
                        .startTime(start).endTime(end)
                        .eventCategories("failover")
                        .overrideConfiguration(o -> o.putExecutionAttribute(ReadCallCounter.COUNTED, true)))
                .events()
                .forEach(e -> {
                    if (e.date() == null || e.message() == null) {
                        return;
                    }
                    Map<String, Object> attrs = new LinkedHashMap<>();
                    attrs.put(database.isCluster() ? "cluster" : "instance", e.sourceIdentifier() != null ? e.sourceIdentifier() : id);
                    Matcher to = TO.matcher(e.message());
                    if (to.find()) {
                        attrs.put("to", to.group(1));
                    }
                    attrs.put("message", e.message());
                    out.add(new Event(e.date(), PlatformHistory.RDS, type(e.message()), attrs));
                });
        return out;
    }

    /** What step of a failover RDS's message reports. */
    static String type(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        if (m.contains("failed")) {
            return "db.failover.failed";
        }
        if (m.contains("started")) {
            return "db.failover.started";
        }
        if (m.contains("complete")) {
            return "db.failover.completed";
        }
        return "db.event";
    }
}
