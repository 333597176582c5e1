package dev.gameday.aws.history;

import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * What the AWS platform itself recorded about a run, read once at its end and written into the run's
 * {@code events.jsonl} as the events the local platform emits live, so the recovery anatomy applies
 * the same rules on both targets: CloudWatch alarm history ({@link AlarmHistory}, source
 * {@value #CLOUDWATCH}), the ECS service's events ({@link EcsServiceEvents}, {@value #ECS}) and the
 * database's failover events ({@link RdsEvents}, {@value #RDS}). Each event keeps the time AWS gives
 * it. Every call is a read, counted by {@link AwsClients#countedReadCalls()}. A source that cannot be
 * read (throttled past the retries, access denied) is said as a {@value #UNAVAILABLE} event and the
 * others are still read: the run's verdict does not depend on them.
 */
public final class PlatformHistory {

    /** The source of events read from CloudWatch alarm history. */
    public static final String CLOUDWATCH = "aws.cloudwatch";
    /** The source of events read from the ECS service's events. */
    public static final String ECS = "aws.ecs";
    /** The source of events read from RDS events. */
    public static final String RDS = "aws.rds";
    /** The type of the event that says a source was read, and how many events it gave. */
    public static final String READ = "history.read";
    /** The type of the event that says a source could not be read, and why. */
    public static final String UNAVAILABLE = "history.unavailable";

    private final Map<String, Source> sources = new LinkedHashMap<>();

    private record Source(String call, BiFunction<Instant, Instant, List<Event>> reader) {
    }

    /** How reading one source went: {@code events} read, or the {@code error}. */
    private record Outcome(String source, String call, Integer events, String error) {
    }

    /**
     * The history of the deployment {@code config} describes: the alarms it names (its
     * {@code stopConditionAlarms} and {@code alarms}; none, no alarm history is read), its ECS
     * service and its database.
     */
    public PlatformHistory(AwsClients clients, AwsTargetConfig config) {
        Set<String> alarms = new LinkedHashSet<>(config.stopConditionAlarms());
        alarms.addAll(config.alarms());
        // Clients are built when read, as every client of the target is: on first use.
        if (!alarms.isEmpty()) {
            sources.put(CLOUDWATCH, new Source("cloudwatch:DescribeAlarmHistory",
                    (from, to) -> new AlarmHistory(clients.cloudWatch(), List.copyOf(alarms)).read(from, to)));
        }
        sources.put(ECS, new Source("ecs:DescribeServices",
                (from, to) -> new EcsServiceEvents(clients.ecs(), config.cluster(), config.service()).read(from, to)));
        sources.put(RDS, new Source("rds:DescribeEvents",
                (from, to) -> new RdsEvents(clients.rds(), config.database()).read(from, to)));
    }

    /**
     * Reads every source over {@code [start, end]} and appends what they recorded to {@code events}
     * in time order, each source followed by a {@value #READ} or {@value #UNAVAILABLE} event stamped now.
     *
     * @return the platform's events appended (the read and unavailable notes aside)
     */
    public List<Event> record(Instant start, Instant end, EventLog events) {
        Objects.requireNonNull(events, "events");
        if (end.isBefore(start)) {
            throw new IllegalArgumentException("the window ends (" + end + ") before it starts (" + start + ")");
        }
        List<Event> found = new ArrayList<>();
        List<Outcome> outcomes = new ArrayList<>();
        sources.forEach((source, read) -> {
            try {
                List<Event> got = read.reader().apply(start, end);
                found.addAll(got);
                outcomes.add(new Outcome(source, read.call(), got.size(), null));
            } catch (RuntimeException e) {
                outcomes.add(new Outcome(source, read.call(), null, String.valueOf(e.getMessage())));
            }
        });
        found.sort(Comparator.comparing(Event::ts)); // stable: each source's own order within one instant
        found.forEach(events::append);
        for (Outcome outcome : outcomes) {
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("call", outcome.call());
            attrs.put("from", start.toString());
            attrs.put("to", end.toString());
            attrs.put("events", outcome.events());
            attrs.put("error", outcome.error());
            events.emit(outcome.source(), outcome.error() == null ? READ : UNAVAILABLE, attrs);
        }
        return found;
    }
}
