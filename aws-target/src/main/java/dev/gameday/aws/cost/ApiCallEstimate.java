package dev.gameday.aws.cost;

import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.inject.InjectorBucket;
import dev.gameday.aws.config.Route53Settings;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one game day on the {@code aws} target costs in AWS API calls, computed from the game day's
 * shape and the target file before anything runs ({@code gameday plan} prints it; the README's
 * worked example is this arithmetic). Figures are for the call pattern this harness has: opening
 * checks, the status line's describes once per {@code statusCacheTtl}, FIS's start and its
 * {@code GetExperiment} polls (2 s after a change, doubling to 15 s), one metric collection after
 * the traffic ({@code ceil(queries ÷ 500)} GetMetricData calls per time range), guardrails on
 * server metrics read every second, Route 53 polls per {@code pollInterval}, and the platform's
 * history read once at the end (alarm history per alarm the file names, ECS service events, RDS events).
 */
public final class ApiCallEstimate {

    /** GetMetricData's limit of queries per call. */
    public static final int QUERIES_PER_CALL = 500;
    /** FisFaultInjector's polling: first poll after 2 s, doubling while nothing changes, at most 15 s. */
    static final Duration FIS_FIRST_POLL = Duration.ofSeconds(2);
    static final Duration FIS_MAX_POLL = Duration.ofSeconds(15);

    /**
     * The game day as far as the call count depends on it.
     *
     * @param run                   the phases' total length
     * @param experiment            from the experiment's planned start to the end of the run, if it has one
     * @param experimentStateChanges how many times FIS is expected to report a new experiment state
     *                              (initiating → running → completed: 2), each of which resets the poll backoff
     * @param serverQueriesPerRange the collection after the traffic: server-side queries per distinct time range
     * @param serverGuardrailMetrics server-side metrics the guardrails read (each one GetMetricData call a second)
     * @param statusInterval        how often the status line is printed
     */
    public record GameDayShape(Duration run, Optional<Duration> experiment, int experimentStateChanges,
                               List<Integer> serverQueriesPerRange, int serverGuardrailMetrics, Duration statusInterval,
                               int injectors) {
        public GameDayShape {
            Objects.requireNonNull(run, "run");
            Objects.requireNonNull(experiment, "experiment");
            serverQueriesPerRange = List.copyOf(serverQueriesPerRange);
            Objects.requireNonNull(statusInterval, "statusInterval");
            if (injectors < 1) {
                throw new IllegalArgumentException("injectors must be at least 1, was " + injectors);
            }
        }

        /** A game day whose traffic the harness's own JVM sends (one injector). */
        public GameDayShape(Duration run, Optional<Duration> experiment, int experimentStateChanges,
                            List<Integer> serverQueriesPerRange, int serverGuardrailMetrics, Duration statusInterval) {
            this(run, experiment, experimentStateChanges, serverQueriesPerRange, serverGuardrailMetrics, statusInterval, 1);
        }
    }

    /**
     * One line of the estimate.
     *
     * @param call  {@code service:Operation}
     * @param calls how many
     * @param why   the arithmetic, for people
     */
    public record Line(String call, long calls, String why) {
    }

    private final List<Line> lines;
    private final long metricsRequested;

    private ApiCallEstimate(List<Line> lines, long metricsRequested) {
        this.lines = List.copyOf(lines);
        this.metricsRequested = metricsRequested;
    }

    /** The estimate for a game day of {@code shape} against the deployment {@code config} describes. */
    public static ApiCallEstimate of(AwsTargetConfig config, GameDayShape shape) {
        List<Line> lines = new ArrayList<>();
        lines.add(new Line("sts:GetCallerIdentity", 1, "the account check, once"));
        lines.add(new Line("elasticloadbalancing:DescribeTargetGroups", 1, "the target group check, once"));
        long refreshes = ceilDiv(shape.run(), longer(config.statusCacheTtl(), shape.statusInterval()));
        lines.add(new Line("ecs:ListTasks + ecs:DescribeTasks", 2 * (2 + refreshes), "2 each at opening + 1 each per status refresh ("
                + refreshes + " = " + shape.run().toSeconds() + " s ÷ " + longer(config.statusCacheTtl(), shape.statusInterval()).toSeconds()
                + " s, the longer of statusCacheTtl and the status interval); one more DescribeTasks per 100 tasks"));
        lines.add(new Line("ec2:DescribeSubnets", 1, "the tagged subnets, once"));
        lines.add(new Line("fis:ListExperiments", 1, "the orphan sweep at opening, once (per 100 experiments; + 1"
                + " StopExperiment per experiment a dead harness left running)"));
        lines.add(new Line("rds:DescribeDBClusters + rds:DescribeDBInstances", config.database().isCluster() ? 2 : 1,
                "the database and its writer, once"));
        lines.add(new Line("elasticloadbalancing:DescribeTargetHealth + ecs:DescribeServices", 2 * refreshes,
                "1 each per status refresh"));
        shape.experiment().ifPresent(length -> {
            lines.add(new Line("fis:ListExperimentTemplates", 1, "find a template with the same content, once (per 100 templates)"));
            lines.add(new Line("fis:CreateExperimentTemplate", 1, "at most once: none when the same template is already there"));
            lines.add(new Line("fis:StartExperiment", 1, "once"));
            long polls = fisPolls(length, shape.experimentStateChanges());
            lines.add(new Line("fis:GetExperiment", polls, "polls over " + length.toSeconds() + " s: 2 s after each of "
                    + shape.experimentStateChanges() + " state changes, doubling to 15 s"));
            lines.add(new Line("fis:StopExperiment", 1, "at most once: only if it is still running at the end (or on Ctrl-C)"));
            lines.add(new Line("fis:TagResource", length.toSeconds() / 60, "the harness's heartbeat on the running"
                    + " experiment, once a minute"));
        });
        long collection = 0;
        long collected = 0;
        for (int queries : shape.serverQueriesPerRange()) {
            collection += (queries + QUERIES_PER_CALL - 1) / QUERIES_PER_CALL;
            collected += queries;
        }
        long guardrailCalls = (long) shape.serverGuardrailMetrics() * shape.run().toSeconds();
        lines.add(new Line("cloudwatch:GetMetricData", collection + guardrailCalls, collection + " for the collection after the traffic ("
                + collected + " queries in " + shape.serverQueriesPerRange().size() + " time ranges, ceil(queries ÷ 500) per range)"
                + (guardrailCalls > 0 ? " + " + guardrailCalls + " for " + shape.serverGuardrailMetrics()
                + " server-side guardrail metrics read every second" : "")));
        config.route53Settings().ifPresent(r53 -> addRoute53(lines, r53, shape.run()));
        long alarms = java.util.stream.Stream.concat(config.stopConditionAlarms().stream(), config.alarms().stream())
                .distinct().count();
        if (alarms > 0) {
            lines.add(new Line("cloudwatch:DescribeAlarmHistory", alarms, "the history of each of the file's "
                    + alarms + " alarms at the end, once (per 100 state changes)"));
        }
        lines.add(new Line("ecs:DescribeServices + rds:DescribeEvents", 2, "the service's and the database's events"
                + " at the end, once each (per 100 failover events)"));
        if (config.injectorSettings().isPresent()) {
            lines.add(new Line("ecs:ListTasks (injector family)", 1 + (shape.experiment().isPresent() ? 1 : 0),
                    "with an injectors block: the orphan sweep at opening, and the running injector tasks no experiment"
                            + " may select, just before FIS (+ DescribeTasks when there are any)"));
            if (shape.injectors() > 1) {
                addInjectors(lines, shape);
            }
        }
        return new ApiCallEstimate(lines, collected + guardrailCalls);
    }

    /**
     * Injectors as ECS tasks: their tasks, their live objects (each batch put by the injector and got
     * by the harness, each injector's folder listed every poll) and their files at the end. S3 bills
     * PUT and LIST requests (about $0.005 per 1,000) and GETs (about $0.0004 per 1,000).
     */
    private static void addInjectors(List<Line> lines, GameDayShape shape) {
        int n = shape.injectors();
        long polls = ceilDiv(shape.run(), InjectorBucket.POLL);
        long batches = ceilDiv(shape.run(), InjectorBucket.BATCH_INTERVAL);
        lines.add(new Line("ecs:RunTask", n, "one task per injector"));
        lines.add(new Line("ecs:DescribeTasks", ceilDiv(shape.run(), InjectorBucket.TASK_CHECK) + (shape.experiment().isPresent() ? 1 : 0),
                "the injector tasks not ended, every " + InjectorBucket.TASK_CHECK.toSeconds() + " s (+ 1 with the "
                        + "ListTasks by family just before FIS: no experiment may select an injector)"));
        lines.add(new Line("ecs:StopTask", n, "once per injector task, on every exit"));
        lines.add(new Line("s3:ListObjectsV2", n * (polls + 1), n + " injectors × " + polls + " polls (every "
                + InjectorBucket.POLL.toSeconds() + " s) + 1 listing of their files at the end; billed as LIST"));
        lines.add(new Line("s3:PutObject", n * (batches + 2 + INJECTOR_FILES), "by the injectors: " + batches
                + " batches each (every " + InjectorBucket.BATCH_INTERVAL.toSeconds() + " s), ready and end marks, ~"
                + INJECTOR_FILES + " files (client.json, orders, Gatling report); billed as PUT"));
        lines.add(new Line("s3:GetObject", n * (batches + 1 + INJECTOR_FILES), "each batch, end mark and file, by the harness"));
    }

    /** About how many files an injector leaves: client.json, orders.jsonl, injector.json and its Gatling report. */
    static final int INJECTOR_FILES = 30;

    private static void addRoute53(List<Line> lines, Route53Settings r53, Duration run) {
        long rounds = ceilDiv(run, r53.pollInterval());
        if (!r53.healthCheckIds().isEmpty()) {
            lines.add(new Line("route53:GetHealthCheckStatus", rounds * r53.healthCheckIds().size(), rounds + " rounds ("
                    + run.toSeconds() + " s ÷ " + r53.pollInterval().toSeconds() + " s) × " + r53.healthCheckIds().size()
                    + " health checks"));
        }
        if (r53.watchesRecord()) {
            lines.add(new Line("route53:TestDNSAnswer", rounds, rounds + " rounds, one per round"));
        }
    }

    /** GetExperiment calls over {@code length}: the backoff restarts at 2 s after each state change. */
    static long fisPolls(Duration length, int stateChanges) {
        int segments = Math.max(1, stateChanges + 1);
        long perSegment = length.toMillis() / segments;
        long polls = 0;
        for (int s = 0; s < segments; s++) {
            long at = 0;
            long next = FIS_FIRST_POLL.toMillis();
            while (at + next <= perSegment) {
                at += next;
                polls++;
                next = Math.min(next * 2, FIS_MAX_POLL.toMillis());
            }
        }
        return Math.max(1, polls);
    }

    /** Every line, in the order a game day makes the calls. */
    public List<Line> lines() {
        return lines;
    }

    /** The calls, all services together. */
    public long totalCalls() {
        return lines.stream().mapToLong(Line::calls).sum();
    }

    /** The GetMetricData calls alone. */
    public long getMetricDataCalls() {
        return lines.stream().filter(l -> l.call().equals("cloudwatch:GetMetricData")).mapToLong(Line::calls).sum();
    }

    /** The metrics GetMetricData is asked for: what it is billed by ($0.01 per 1,000 in most regions). */
    public long metricsRequested() {
        return metricsRequested;
    }

    /** The estimate as printed by {@code gameday plan}, one call per line. */
    public String describe() {
        StringBuilder out = new StringBuilder();
        for (Line line : lines) {
            out.append(String.format("  %6d  %-64s %s%n", line.calls(), line.call(), line.why()));
        }
        out.append(String.format("  %6d  calls in all; GetMetricData asks for %d metrics (billed per metric requested:"
                + " $0.01 per 1,000 in most regions)%n", totalCalls(), metricsRequested));
        return out.toString();
    }

    private static Duration longer(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static long ceilDiv(Duration length, Duration step) {
        long stepMillis = Math.max(1, step.toMillis());
        return (length.toMillis() + stepMillis - 1) / stepMillis;
    }
}
