package dev.gameday.report.recovery;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.DataPoint;
import dev.gameday.core.metric.RecordedMetrics;
import dev.gameday.core.metric.TimeSeries;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.timeline.DashboardSeries;
import dev.gameday.slo.phase.Phases;

import java.nio.file.Files;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Computes the {@link RecoveryAnatomy} of every fault of a run from the run directory alone
 * ({@code events.jsonl}, {@code metrics/server.json}, {@code metrics/client.json}), so it is the same
 * on the local platform and on AWS. The rules, per fault (an {@code action.state running} event of
 * an action other than {@code aws:fis:wait}, {@code aws:cloudwatch:assert-alarm-state} and the
 * recovery action {@code aws:arc:start-zonal-autoshift}, which FIS lists as a recovery, not a fault):
 * <ul>
 *   <li><b>injected</b>: that event.</li>
 *   <li><b>firstImpact</b>: the first second, from the one holding the injection, in which the
 *       client (all requests) was bad: KOs above twice the baseline's KO ratio (any KO when the
 *       baseline had none), or p99 above twice the baseline's worst second (at least 0.1 s). The
 *       baseline is the {@code steady} phase, else the traffic before the injection.</li>
 *   <li><b>detected</b>: the first event after the injection a monitor would see: an
 *       {@code alarm.state} ALARM, or for {@code aws:rds:*} actions {@code db.failover.started} /
 *       {@code db.writer.lost}, for the others {@code target.unhealthy} / {@code task.stopped}.</li>
 *   <li><b>mitigated</b>: for {@code aws:rds:*} actions the first {@code db.failover.completed}
 *       after the injection; for the others the first {@code target.healthy} of a task started
 *       after the injection (a replacement), the first {@code service.steady} after a replacement
 *       started (ECS names no target's health per task in its service events; its steady state
 *       needs the replacement healthy), or the first {@code zonal-shift.started} (traffic moved away
 *       from the zone: the mitigation of a gray failure, which no health check sees).</li>
 *   <li><b>firstGood</b>: the first clean second (requests, none bad by the rule above) of the most
 *       affected request name (most KOs from the injection on, then most bad seconds) after its own
 *       first bad second.</li>
 *   <li><b>sloHolding</b>: the start of the final streak of good seconds (all requests) that lasts
 *       to the last second of traffic; the injection itself when no second was bad.</li>
 *   <li><b>capacityRestored</b>: the first second after the injection in which
 *       {@code RunningTaskCount} (minimum) is back at {@code DesiredTaskCount} (maximum) after
 *       having fallen below it; without those series, the first {@code service.steady} event.</li>
 * </ul>
 * On AWS the platform's own record joins the events at the end of the run (source {@code aws.cloudwatch}:
 * {@code alarm.state}; {@code aws.ecs}: {@code task.*}, {@code target.unhealthy}, {@code service.steady};
 * {@code aws.rds}: {@code db.failover.*}), each at the time AWS gives it, so the same rules read them.
 * Only events up to the end of the last phase count as detection, mitigation or restored capacity:
 * what the platform logs while it is torn down is no monitor's signal.
 * Signals are attributed to a fault by its kind (database or service), not by resource: actions of
 * one kind injected together share them. Milestones are listed in stage order, but only
 * injected ≤ first impact ≤ first good ≤ SLO holding and detected ≤ mitigated follow from the rules:
 * traffic routed around a fault can be good again before the platform has replaced what it lost.
 */
public final class RecoveryCalculator {

    static final Set<String> NOT_IMPAIRING = Set.of("aws:fis:wait", "aws:cloudwatch:assert-alarm-state",
            "aws:arc:start-zonal-autoshift");
    private static final Set<String> FINAL = Set.of("completed", "stopped", "failed", "cancelled");
    private static final Set<String> DATABASE_DETECTIONS = Set.of("db.failover.started", "db.writer.lost");
    private static final Set<String> SERVICE_DETECTIONS = Set.of("target.unhealthy", "task.stopped");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final List<IndexedEvent> events;
    private final List<TimeSeries> series;
    private final List<PhaseWindow> phases;
    /** The end of the last phase: later events come from the teardown. */
    private final Instant trafficEnd;

    private RecoveryCalculator(List<Event> events, List<TimeSeries> series) {
        List<IndexedEvent> indexed = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            indexed.add(new IndexedEvent(i + 1, events.get(i)));
        }
        // Stable: events appended from several threads keep their file order within one instant.
        indexed.sort(Comparator.comparing(e -> e.event().ts()));
        this.events = indexed;
        this.series = series;
        this.phases = Phases.fromEvents(events);
        this.trafficEnd = phases.stream().map(PhaseWindow::end).max(Comparator.naturalOrder()).orElse(Instant.MAX);
    }

    /**
     * The anatomy of every fault of a run, read from its directory. Missing or unreadable files read
     * as empty (milestones they would prove are then not reached).
     */
    public static List<RecoveryAnatomy> of(RunDirectory run) {
        List<TimeSeries> series = new ArrayList<>(read(() -> RecordedMetrics.read(run.serverMetrics()).series()));
        series.addAll(read(() -> RecordedMetrics.read(run.clientMetrics()).series()));
        List<Event> events = Files.exists(run.events()) ? read(() -> EventLog.read(run.events())) : List.of();
        return of(events, series);
    }

    /**
     * The anatomy of every fault, from the events in file order (line numbers count from 1) and the
     * recorded series.
     */
    public static List<RecoveryAnatomy> of(List<Event> events, List<TimeSeries> series) {
        RecoveryCalculator calculator = new RecoveryCalculator(events, series);
        return calculator.faults().stream().map(calculator::anatomy).toList();
    }

    private static <T> List<T> read(java.util.function.Supplier<List<T>> reader) {
        try {
            return reader.get();
        } catch (RuntimeException e) {
            System.err.println("gameday: recovery: " + e.getMessage() + " — read as empty");
            return List.of();
        }
    }

    // ---- faults ----

    private List<Fault> faults() {
        Map<String, Fault> byAction = new LinkedHashMap<>();
        for (IndexedEvent ie : events) {
            Event e = ie.event();
            if (!e.type().equals("action.state") || e.attr("action") == null
                    || NOT_IMPAIRING.contains(String.valueOf(e.attr("actionId")))) {
                continue;
            }
            String key = e.attr("experiment") + "/" + e.attr("action");
            Fault known = byAction.get(key);
            if (known == null && "running".equals(e.attr("state"))) {
                byAction.put(key, new Fault(e.attr("experiment"), e.attr("action"), e.attr("actionId"),
                        e.attr("targets"), e.ts(), null));
            } else if (known != null && known.endedAt() == null && FINAL.contains(e.attr("state"))) {
                byAction.put(key, new Fault(known.experiment(), known.action(), known.actionId(), known.targets(),
                        known.injectedAt(), e.ts()));
            }
        }
        return List.copyOf(byAction.values());
    }

    // ---- one fault ----

    private RecoveryAnatomy anatomy(Fault fault) {
        Instant injected = fault.injectedAt();
        Instant fromSecond = injected.truncatedTo(ChronoUnit.SECONDS);
        IndexedEvent injection = events.stream()
                .filter(e -> e.event().type().equals("action.state") && e.event().ts().equals(injected)
                        && fault.action().equals(e.event().attr("action")))
                .findFirst().orElseThrow();
        List<Milestone> out = new ArrayList<>();
        out.add(Milestone.byEvent(Stage.INJECTED, injected, injection,
                "action.state " + fault.action() + " running" + (fault.targets().isEmpty() ? "" : " on " + fault.targets())));

        Optional<ClientSeconds> total = ClientSeconds.of(series, null).map(c -> baseline(c, injected));
        Instant impact = null;
        if (total.isEmpty()) {
            out.add(Milestone.notReached(Stage.FIRST_IMPACT, "no 1-second client series recorded"));
        } else {
            for (Instant s : total.get().secondsFrom(fromSecond)) {
                String bad = total.get().badness(s);
                if (bad != null) {
                    impact = s;
                    out.add(Milestone.bySeries(Stage.FIRST_IMPACT, injected, s, total.get().proof(s),
                            bad + " at " + CLOCK.format(s)));
                    break;
                }
            }
            if (impact == null) {
                out.add(Milestone.notReached(Stage.FIRST_IMPACT, "no client error or latency breach after the injection"));
            }
        }

        Set<String> detections = fault.isDatabaseFailover() ? DATABASE_DETECTIONS : SERVICE_DETECTIONS;
        out.add(firstEventAfter(Stage.DETECTED, injected, e -> isDetection(e, detections),
                "no " + String.join(", ", new java.util.TreeSet<>(detections)) + " or alarm in ALARM after the injection"));
        out.add(mitigated(fault));

        String affected = null;
        if (impact == null) {
            out.add(Milestone.notReached(Stage.FIRST_GOOD, "no client impact to recover from"));
        } else {
            ClientSeconds worst = mostAffected(fromSecond, injected).orElse(total.get());
            affected = worst.name();
            out.add(firstGood(worst, fromSecond, injected));
        }
        out.add(total.map(t -> sloHolding(t, fromSecond, injected, injection))
                .orElseGet(() -> Milestone.notReached(Stage.SLO_HOLDING, "no 1-second client series recorded")));
        out.add(capacityRestored(fromSecond, injected));
        return new RecoveryAnatomy(fault, affected, total.map(ClientSeconds::latencyBreach).orElse(null), out);
    }

    /** The steady phase, else the traffic before the injection. */
    private ClientSeconds baseline(ClientSeconds line, Instant injected) {
        Optional<PhaseWindow> steady = phases.stream().filter(p -> p.name().equals("steady")).findFirst();
        if (steady.isPresent() && !steady.get().start().isAfter(injected)) {
            Instant end = steady.get().end().isAfter(injected) ? injected : steady.get().end();
            return line.baseline(steady.get().start().truncatedTo(ChronoUnit.SECONDS), end.truncatedTo(ChronoUnit.SECONDS));
        }
        return line.baseline(Instant.MIN, injected.truncatedTo(ChronoUnit.SECONDS));
    }

    private static boolean isDetection(Event e, Set<String> detections) {
        return detections.contains(e.type()) || (e.type().equals("alarm.state") && "ALARM".equals(e.attr("state")));
    }

    private Milestone mitigated(Fault fault) {
        Instant injected = fault.injectedAt();
        if (fault.isDatabaseFailover()) {
            return firstEventAfter(Stage.MITIGATED, injected, e -> e.type().equals("db.failover.completed"),
                    "no db.failover.completed after the injection");
        }
        Set<String> replacements = new HashSet<>();
        for (IndexedEvent ie : events) {
            Event e = ie.event();
            if (e.ts().isBefore(injected) || e.ts().isAfter(trafficEnd)) {
                continue;
            }
            if (e.type().equals("zonal-shift.started")) {
                return Milestone.byEvent(Stage.MITIGATED, injected, ie, describe(e) + " (traffic shifted away from the zone)");
            }
            if (e.type().equals("task.started") && e.attr("task") != null) {
                replacements.add(e.attr("task"));
            } else if (e.type().equals("target.healthy") && replacements.contains(e.attr("task"))) {
                return Milestone.byEvent(Stage.MITIGATED, injected, ie, describe(e) + " (a replacement task)");
            } else if (e.type().equals("service.steady") && !replacements.isEmpty()) {
                return Milestone.byEvent(Stage.MITIGATED, injected, ie, describe(e) + " (after replacement task "
                        + String.join(", ", new java.util.TreeSet<>(replacements)) + " started)");
            }
        }
        return Milestone.notReached(Stage.MITIGATED, "no replacement task became a healthy target, nor did the"
                + " service reach a steady state after one started, nor was traffic shifted away from a zone");
    }

    private Milestone firstEventAfter(Stage stage, Instant injected, java.util.function.Predicate<Event> which,
                                      String why) {
        return events.stream()
                .filter(e -> !e.event().ts().isBefore(injected) && !e.event().ts().isAfter(trafficEnd)
                        && which.test(e.event()))
                .findFirst()
                .map(e -> Milestone.byEvent(stage, injected, e, describe(e.event())))
                .orElseGet(() -> Milestone.notReached(stage, why));
    }

    /** The request name hurt most from {@code from} (the injection's second) on, if any was hurt at all. */
    private Optional<ClientSeconds> mostAffected(Instant from, Instant injected) {
        ClientSeconds worst = null;
        double[] worstHarm = {0, 0};
        for (String name : ClientSeconds.requestNames(series)) {
            Optional<ClientSeconds> line = ClientSeconds.of(series, name).map(c -> baseline(c, injected));
            if (line.isEmpty()) {
                continue;
            }
            double[] harm = line.get().harm(from);
            if (harm[0] > worstHarm[0] || (harm[0] == worstHarm[0] && harm[1] > worstHarm[1])) {
                worst = line.get();
                worstHarm = harm;
            }
        }
        return Optional.ofNullable(worst);
    }

    private Milestone firstGood(ClientSeconds line, Instant from, Instant injected) {
        boolean hit = false;
        for (Instant s : line.secondsFrom(from)) {
            if (!hit) {
                hit = line.badness(s) != null;
            } else if (line.clean(s)) {
                return Milestone.bySeries(Stage.FIRST_GOOD, injected, s, line.proof(s),
                        (line.name() == null ? "all requests" : line.name()) + " clean at " + CLOCK.format(s)
                                + " after failing");
            }
        }
        return Milestone.notReached(Stage.FIRST_GOOD, (line.name() == null ? "requests" : line.name())
                + (hit ? " had no clean second after failing" : " were never hurt"));
    }

    private Milestone sloHolding(ClientSeconds total, Instant from, Instant injected, IndexedEvent injection) {
        Instant last = total.lastSecond();
        if (last.isBefore(from)) {
            return Milestone.notReached(Stage.SLO_HOLDING, "no client traffic after the injection");
        }
        Instant streak = null;
        boolean anyBad = false;
        String lastBad = null;
        for (Instant s : total.secondsFrom(from)) {
            String bad = total.badness(s);
            if (bad != null) {
                anyBad = true;
                streak = null;
                lastBad = bad + " at " + CLOCK.format(s);
            } else if (streak == null) {
                streak = s;
            }
        }
        if (!anyBad) {
            return Milestone.byEvent(Stage.SLO_HOLDING, injected, injection,
                    "no bad client second from the injection to " + CLOCK.format(last) + ": held throughout");
        }
        if (streak == null) {
            return Milestone.notReached(Stage.SLO_HOLDING, "still bad in the last second of traffic (" + lastBad + ")");
        }
        return Milestone.bySeries(Stage.SLO_HOLDING, injected, streak, total.proof(streak),
                "good every second from " + CLOCK.format(streak) + " to " + CLOCK.format(last) + " (last bad: "
                        + lastBad + ")");
    }

    private Milestone capacityRestored(Instant from, Instant injected) {
        Optional<TimeSeries> running = dashboard(DashboardSeries.RUNNING_TASKS);
        Optional<TimeSeries> desired = dashboard(DashboardSeries.DESIRED_TASKS);
        if (running.isPresent() && desired.isPresent()) {
            TreeMap<Instant, Double> want = new TreeMap<>();
            desired.get().points().forEach(p -> want.put(p.timestamp(), p.value()));
            boolean dipped = false;
            for (DataPoint p : running.get().points()) {
                Double d = want.get(p.timestamp());
                if (p.timestamp().isBefore(from) || d == null) {
                    continue;
                }
                if (p.value() < d) {
                    dipped = true;
                } else if (dipped) {
                    String label = running.get().query().label();
                    return Milestone.bySeries(Stage.CAPACITY_RESTORED, injected, p.timestamp(), label,
                            "RunningTaskCount " + (long) p.value() + " ≥ DesiredTaskCount " + d.longValue() + " at "
                                    + CLOCK.format(p.timestamp()));
                }
            }
            return Milestone.notReached(Stage.CAPACITY_RESTORED, dipped
                    ? "RunningTaskCount still below DesiredTaskCount at the end of the series"
                    : "RunningTaskCount never fell below DesiredTaskCount after the injection");
        }
        return firstEventAfter(Stage.CAPACITY_RESTORED, injected, e -> e.type().equals("service.steady"),
                "no RunningTaskCount/DesiredTaskCount series and no service.steady event after the injection");
    }

    private Optional<TimeSeries> dashboard(DashboardSeries which) {
        return series.stream()
                .filter(s -> which.matches(s) && s.query().statistic().equals(which.statistic())
                        && s.query().period().toSeconds() == 1)
                .findFirst();
    }

    /** {@code type key=value …} with the attributes that say what it was about. */
    private static String describe(Event e) {
        String attrs = new TreeMap<>(e.attrs()).entrySet().stream()
                .filter(a -> !a.getKey().equals("pid") && !a.getKey().equals("port"))
                .map(a -> a.getKey() + "=" + a.getValue()).collect(Collectors.joining(", "));
        return e.type() + (attrs.isEmpty() ? "" : " (" + attrs + ")");
    }
}
