package dev.gameday.orchestration;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.fault.RunningExperiment;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.core.alarm.AlarmDefinition;
import dev.gameday.core.alarm.AlarmState;
import dev.gameday.core.alarm.AlarmTimeline;
import dev.gameday.core.alarm.LocalAlarm;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What AWS FIS does with a template's {@code aws:cloudwatch:alarm} stop conditions, done by the
 * harness on the local target (which has no CloudWatch): while the experiment runs, each named
 * alarm is evaluated every second over the live local metrics, CloudWatch's way
 * ({@link LocalAlarm}); when one is in ALARM the experiment is stopped through the fault port,
 * as FIS stops it — state {@code stopped}, reason {@value #STATE_REASON}.
 *
 * <p>Events: {@code alarm.state} on every change of a watched alarm, then
 * {@code experiment.stopped} with the reason {@code stop condition: alarm <name> in ALARM}.
 */
public final class StopConditionWatch {

    /** The reason FIS gives an experiment its stop condition stopped. */
    public static final String STATE_REASON = "Experiment stopped by stop condition";

    private static final Pattern ALARM_ARN = Pattern.compile("arn:aws[a-z-]*:cloudwatch:[^:]*:[^:]*:alarm:(.+)");

    private final List<AlarmDefinition> alarms;
    private final RunningExperiment experiment;
    private final Instant startedAt;
    private final MetricsSource client;
    private final MetricsSource server;
    private final EventLog events;
    private final Clock clock;
    private final Map<String, AlarmState> states = new LinkedHashMap<>();
    private String stoppedFor;

    /**
     * The CloudWatch alarms a local target file defines, by name, with the target's values filled
     * into their dimensions.
     */
    @FunctionalInterface
    public interface Alarms {
        /** The alarms with {@code targetParameters} ({@code loadBalancer}, …) filled in. */
        Map<String, AlarmDefinition> filled(Map<String, String> targetParameters);
    }

    /**
     * @param alarms     the alarms the experiment's stop conditions name
     * @param experiment the running experiment to stop
     * @param startedAt  when it started: alarms are evaluated with history from before it, as real ones are
     * @param client     the client recorder, for alarms on {@code Gameday/…} namespaces
     * @param server     the target's metrics
     */
    StopConditionWatch(List<AlarmDefinition> alarms, RunningExperiment experiment, Instant startedAt,
                       MetricsSource client, MetricsSource server, EventLog events, Clock clock) {
        this.alarms = List.copyOf(alarms);
        this.experiment = experiment;
        this.startedAt = startedAt;
        this.client = client;
        this.server = server;
        this.events = events;
        this.clock = clock;
    }

    /**
     * The alarm names a template's stop conditions watch, from their ARNs
     * ({@code arn:aws:cloudwatch:<region>:<account>:alarm:<name>}).
     *
     * @throws ConfigException naming the template file when a value is not a CloudWatch alarm ARN
     */
    public static List<String> alarmNames(ExperimentTemplate template) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < template.stopConditions().size(); i++) {
            StopCondition condition = template.stopConditions().get(i);
            if (!condition.isAlarm()) {
                continue;
            }
            Matcher m = ALARM_ARN.matcher(condition.value() == null ? "" : condition.value().trim());
            if (!m.matches()) {
                throw new ConfigException(template.source(), 0, "$.stopConditions[" + i + "].value",
                        "'" + condition.value() + "' is not a CloudWatch alarm ARN "
                                + "(arn:aws:cloudwatch:<region>:<account>:alarm:<name>)");
            }
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Checks, before anything starts, that every alarm the template's stop conditions name is one
     * the local target defines.
     *
     * @throws ConfigException naming the template file and the unknown alarm
     */
    public static void requireKnown(ExperimentTemplate template, Map<String, AlarmDefinition> known) {
        List<String> names = alarmNames(template);
        for (int i = 0; i < names.size(); i++) {
            if (!known.containsKey(names.get(i))) {
                throw new ConfigException(template.source(), 0, "stopConditions",
                        "stop condition alarm '" + names.get(i) + "' is not defined by the local target "
                                + "(its target file's alarms: " + (known.isEmpty() ? "none" : String.join(", ", known.keySet()))
                                + "); the local target evaluates only the alarms its target file defines");
            }
        }
    }

    /**
     * A watch for the experiment's stop conditions, or empty when it has none to evaluate.
     *
     * @param defined the local target's alarms, filled with its values
     */
    static Optional<StopConditionWatch> of(ExperimentTemplate template, Map<String, AlarmDefinition> defined,
                                           RunningExperiment experiment, MetricsSource client, MetricsSource server,
                                           EventLog events, Clock clock) {
        List<AlarmDefinition> watched = alarmNames(template).stream().map(defined::get).toList();
        if (watched.isEmpty()) {
            return Optional.empty();
        }
        events.emit("orchestrator", "stop-conditions.watching", Map.of("experiment", experiment.id(),
                "alarms", String.join(",", watched.stream().map(AlarmDefinition::name).toList())));
        return Optional.of(new StopConditionWatch(watched, experiment, clock.instant(), client, server, events, clock));
    }

    /**
     * Evaluates every watched alarm now; stops the experiment when one is in ALARM and it is still
     * running. Returns the reason when this check stopped it.
     */
    Optional<String> check() {
        if (stoppedFor != null || experiment.state().status().isFinal()) {
            return Optional.empty();
        }
        Instant now = clock.instant();
        for (AlarmDefinition alarm : alarms) {
            AlarmState state = stateAt(alarm, now);
            AlarmState before = states.put(alarm.name(), state);
            if (state != before) {
                events.emit("orchestrator", "alarm.state", Map.of("alarm", alarm.name(), "state", state.name(),
                        "condition", alarm.describe()));
            }
            if (state == AlarmState.ALARM) {
                String reason = "stop condition: alarm " + alarm.name() + " in ALARM";
                experiment.stop(STATE_REASON);
                events.emit("orchestrator", "experiment.stopped", Map.of("experiment", experiment.id(), "reason", reason));
                stoppedFor = reason;
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /** The reason, if a stop condition stopped the experiment. */
    Optional<String> stoppedFor() {
        return Optional.ofNullable(stoppedFor);
    }

    /**
     * The alarm's state after its last whole period: evaluated from a few evaluation ranges before
     * the experiment started (an alarm has history), periods aligned on the epoch as CloudWatch aligns them.
     */
    private AlarmState stateAt(AlarmDefinition alarm, Instant now) {
        Duration period = alarm.metric().period();
        long p = period.toMillis();
        Instant end = Instant.ofEpochMilli(Math.floorDiv(now.toEpochMilli(), p) * p);
        Instant start = Instant.ofEpochMilli(Math.floorDiv(startedAt.toEpochMilli(), p) * p)
                .minus(period.multipliedBy((long) LocalAlarm.RANGE_FACTOR * alarm.evaluationPeriods()));
        if (!end.isAfter(start)) {
            return AlarmState.INSUFFICIENT_DATA;
        }
        MetricsSource source = alarm.metric().namespace().startsWith("Gameday/") ? client : server;
        AlarmTimeline timeline = LocalAlarm.evaluate(alarm, source, start, end);
        return timeline.stateAt(end);
    }
}
