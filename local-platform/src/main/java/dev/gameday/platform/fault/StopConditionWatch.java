package dev.gameday.platform.fault;

import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.StopCondition;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.event.EventLog;
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
 * local fault injector over the alarms its target file defines (the platform has no CloudWatch):
 * while the experiment runs, each named alarm is evaluated every second over the platform's own
 * metrics — what CloudWatch would hold — CloudWatch's way ({@link LocalAlarm}); when one is in
 * ALARM the experiment is stopped as FIS stops it: state {@code stopped}, reason
 * {@value RunningExperiment#STOPPED_BY_STOP_CONDITION}, and {@link RunningExperiment#stopCondition()}
 * names the alarm.
 *
 * <p>Events: {@code alarm.state} on every change of a watched alarm.
 */
public final class StopConditionWatch {

    private static final Pattern ALARM_ARN = Pattern.compile("arn:aws[a-z-]*:cloudwatch:[^:]*:[^:]*:alarm:(.+)");

    private final List<AlarmDefinition> alarms;
    private final LocalExperiment experiment;
    private final Instant startedAt;
    private final MetricsSource metrics;
    private final EventLog events;
    private final Clock clock;
    private final Map<String, AlarmState> states = new LinkedHashMap<>();

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
     * @param metrics    the platform's metrics, which CloudWatch would hold
     */
    private StopConditionWatch(List<AlarmDefinition> alarms, LocalExperiment experiment, Instant startedAt,
                               MetricsSource metrics, EventLog events, Clock clock) {
        this.alarms = List.copyOf(alarms);
        this.experiment = experiment;
        this.startedAt = startedAt;
        this.metrics = metrics;
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
     * A watch for the experiment's stop conditions, or empty when it has none to evaluate. An alarm
     * the target does not define cannot be evaluated: a warning event says so (a game day's
     * preflight refuses such a template before anything starts: {@link #requireKnown}).
     *
     * @param defined the local target's alarms, filled with its values
     */
    static Optional<StopConditionWatch> of(ExperimentTemplate template, Map<String, AlarmDefinition> defined,
                                           LocalExperiment experiment, MetricsSource metrics, EventLog events,
                                           Clock clock) {
        List<AlarmDefinition> watched = new ArrayList<>();
        for (String name : alarmNames(template)) {
            if (defined.containsKey(name)) {
                watched.add(defined.get(name));
            } else {
                events.emit(LocalFaultInjector.SOURCE, "experiment.warning", Map.of("experiment", experiment.id(),
                        "message", "stop condition alarm '" + name + "' is not defined by the local target: not evaluated"));
            }
        }
        if (watched.isEmpty()) {
            return Optional.empty();
        }
        events.emit(LocalFaultInjector.SOURCE, "stop-conditions.watching", Map.of("experiment", experiment.id(),
                "alarms", String.join(",", watched.stream().map(AlarmDefinition::name).toList())));
        return Optional.of(new StopConditionWatch(watched, experiment, clock.instant(), metrics, events, clock));
    }

    /**
     * Evaluates every watched alarm now; stops the experiment when one is in ALARM and it is still
     * running. Returns whether the experiment is final (the watch is then done).
     */
    boolean check() {
        if (experiment.state().status().isFinal()) {
            return true;
        }
        Instant now = clock.instant();
        for (AlarmDefinition alarm : alarms) {
            AlarmState state = stateAt(alarm, now);
            AlarmState before = states.put(alarm.name(), state);
            if (state != before) {
                events.emit(LocalFaultInjector.SOURCE, "alarm.state", Map.of("alarm", alarm.name(),
                        "state", state.name(), "condition", alarm.describe()));
            }
            if (state == AlarmState.ALARM) {
                experiment.stopByStopCondition("alarm " + alarm.name() + " in ALARM");
                return true;
            }
        }
        return false;
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
        AlarmTimeline timeline = LocalAlarm.evaluate(alarm, metrics, start, end);
        return timeline.stateAt(end);
    }
}
