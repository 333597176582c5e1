package dev.gameday.target;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.core.metric.MetricQuery;
import dev.gameday.core.metric.Statistic;
import dev.gameday.orchestration.Preflight;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.PlatformConfigException;
import dev.gameday.platform.database.DatabaseEngine;
import dev.gameday.platform.loadbalancer.HealthCheck;
import dev.gameday.platform.service.DeploymentConfiguration;
import dev.gameday.core.alarm.AlarmDefinition;
import dev.gameday.core.alarm.ComparisonOperator;
import dev.gameday.core.alarm.TreatMissingData;
import dev.gameday.core.config.Placeholders;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * A {@code local} target file ({@code targets/local.yaml}): the embedded platform's timings, which
 * are AWS's scaled down by default and can be set back to AWS's own (30 s health checks, 300 s
 * deregistration delay…) to see what a game day looks like with them. It also defines the
 * CloudWatch metric alarms FIS stop conditions name ({@code alarms:}): on AWS they exist in
 * CloudWatch and FIS watches them; on the local target the harness evaluates them itself.
 *
 * @param file                where it was read from
 * @param healthCheck         the target group's health check, if set
 * @param deregistrationDelay the target group's deregistration delay, if set
 * @param stopTimeout         SIGTERM to SIGKILL on task stop, if set
 * @param drainTimeout        how long a stopping shop task finishes in-flight requests, if set
 * @param database            the RDS deployment the database imitates and its timings, if set
 * @param deployment          the service's minimum healthy and maximum percent, if set
 * @param alarms              the alarms' definitions by name, as written ({@code ${…}} placeholders
 *                            not yet filled: the target's values are known once it is open)
 */
public record LocalTargetFile(Path file, Optional<HealthCheck> healthCheck, Optional<Duration> deregistrationDelay,
                              Optional<Duration> stopTimeout, Optional<Duration> drainTimeout,
                              Optional<DatabaseEngine> database, Optional<DeploymentConfiguration> deployment,
                              Map<String, ConfigNode> alarms) {

    /** The fields of one alarm, as CloudWatch's {@code PutMetricAlarm} names them (camel-cased). */
    private static final List<String> ALARM_FIELDS = List.of("name", "description", "namespace", "metric",
            "dimensions", "statistic", "period", "evaluationPeriods", "datapointsToAlarm", "threshold",
            "comparisonOperator", "treatMissingData");

    public LocalTargetFile {
        alarms = Map.copyOf(alarms);
    }

    /**
     * What {@code --target local} means: the project's {@code targets/local.yaml} (under
     * {@code -Dgameday.home}, the launcher's folder) when there is one — so the alarms it defines
     * are there for stop conditions — else the built-in defaults with nothing overridden.
     */
    public static LocalTargetFile defaults() {
        Path shipped = Path.of(System.getProperty("gameday.home", "."), "targets", "local.yaml");
        if (Files.isRegularFile(shipped)) {
            return parse(shipped, ConfigNode.load(shipped));
        }
        return new LocalTargetFile(Path.of("local"), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Map.of());
    }

    /**
     * Parses a target file of kind {@code local}; the alarms are checked with stand-ins for the target's
     * values, and the platform settings as the platform checks them. Throws a {@link ConfigException}
     * naming every bad key (file, line and path), not just the first.
     */
    public static LocalTargetFile parse(Path file, ConfigNode root) {
        root.fields(); // a file that is not a mapping has nothing else to check
        List<ConfigException> problems = new ArrayList<>();
        Map<String, ConfigException> unknown = root.unknownFields("kind", "description", "healthCheck",
                "deregistrationDelay", "stopTimeout", "drainTimeout", "database", "deployment", "alarms");
        // The old key gets its replacement named, rather than "unknown field".
        boolean oldFailoverDelay = unknown.remove("failoverDelay") != null;
        problems.addAll(unknown.values());
        if (oldFailoverDelay) {
            ConfigNode old = root.get("failoverDelay");
            problems.add(old.error("'failoverDelay' is now the database engine's failover time: write "
                    + "'database: {engine: rds-multi-az-instance, failoverTime: " + old.text() + "}'"));
        }
        Map<String, ConfigNode> alarms = new LinkedHashMap<>();
        for (ConfigNode alarm : attempt(problems, () -> root.find("alarms").map(ConfigNode::list)).orElse(List.of())) {
            attempt(problems, () -> {
                String name = alarm.get("name").name();
                if (alarms.put(name, alarm) != null) {
                    throw alarm.get("name").error("duplicate alarm name '" + name + "'");
                }
                return Optional.of(alarm(alarm, standIns()));
            });
        }
        // A key that does not parse is left unset, so the others are still checked: one pass names them all.
        LocalTargetFile parsed = new LocalTargetFile(file,
                attempt(problems, () -> root.find("healthCheck").map(LocalTargetFile::healthCheck)),
                attempt(problems, () -> root.find("deregistrationDelay").map(ConfigNode::duration)),
                attempt(problems, () -> root.find("stopTimeout").map(ConfigNode::duration)),
                attempt(problems, () -> root.find("drainTimeout").map(ConfigNode::duration)),
                attempt(problems, () -> root.find("database").map(LocalTargetFile::database)),
                attempt(problems, () -> root.find("deployment").map(LocalTargetFile::deployment)),
                alarms);
        try {
            parsed.applyTo(LocalPlatform.builder()).config();
        } catch (PlatformConfigException e) {
            // The file's keys are named as the platform's settings are; a setting the file leaves alone is named at its root.
            e.problems().forEach((field, reason) -> problems.add(root.find(field).map(key -> key.error(reason))
                    .orElseGet(() -> root.error(field + ": " + reason))));
        }
        if (!problems.isEmpty()) {
            throw ConfigException.all(problems);
        }
        return parsed;
    }

    /** What {@code parse} gives, or empty with its {@link ConfigException} added to {@code problems}. */
    private static <T> Optional<T> attempt(List<ConfigException> problems, Supplier<Optional<T>> parse) {
        try {
            return parse.get();
        } catch (ConfigException e) {
            problems.add(e);
            return Optional.empty();
        }
    }

    /**
     * The file's alarms by name, with the target's values ({@code loadBalancer}, {@code cluster}, …)
     * filled into their dimensions.
     */
    public Map<String, AlarmDefinition> alarms(Map<String, String> targetParameters) {
        Map<String, AlarmDefinition> filled = new LinkedHashMap<>();
        alarms.forEach((name, node) -> filled.put(name, alarm(node, targetParameters)));
        return filled;
    }

    /** Applies the file's timings to a platform builder. */
    public LocalPlatform.Builder applyTo(LocalPlatform.Builder builder) {
        healthCheck.ifPresent(builder::healthCheck);
        deregistrationDelay.ifPresent(builder::deregistrationDelay);
        stopTimeout.ifPresent(builder::stopTimeout);
        drainTimeout.ifPresent(builder::drainTimeout);
        database.ifPresent(builder::database);
        deployment.ifPresent(builder::deployment);
        return builder;
    }

    /**
     * {@code database: {engine, detectionTime, failoverTime, replicas}}: the engine's scaled-down timings
     * unless the file sets its own; {@code replicas} (Aurora's replica count) only for {@code aurora-postgresql}.
     */
    private static DatabaseEngine database(ConfigNode node) {
        node.allowOnly("engine", "detectionTime", "failoverTime", "replicas");
        DatabaseEngine engine = DatabaseEngine.scaled(node.find("engine")
                .map(n -> parsed(n, DatabaseEngine.Kind::of)).orElse(DatabaseEngine.Kind.RDS_MULTI_AZ_INSTANCE));
        engine = node.find("detectionTime").map(ConfigNode::positiveDuration).map(engine::withDetectionTime).orElse(engine);
        engine = node.find("failoverTime").map(ConfigNode::duration).map(engine::withFailoverTime).orElse(engine);
        DatabaseEngine chosen = engine;
        return node.find("replicas").map(n -> parsed(n, text -> chosen.withReplicas(Integer.parseInt(text)))).orElse(engine);
    }

    private static DeploymentConfiguration deployment(ConfigNode node) {
        node.allowOnly("minimumHealthyPercent", "maximumPercent");
        DeploymentConfiguration d = DeploymentConfiguration.defaults();
        try {
            return new DeploymentConfiguration(
                    node.find("minimumHealthyPercent").map(ConfigNode::integer).orElse(d.minimumHealthyPercent()),
                    node.find("maximumPercent").map(ConfigNode::integer).orElse(d.maximumPercent()));
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    /** One alarm in CloudWatch's shape, placeholders filled from {@code parameters}. */
    private static AlarmDefinition alarm(ConfigNode node, Map<String, String> parameters) {
        node.allowOnly(ALARM_FIELDS.toArray(String[]::new));
        String namespace = Placeholders.fill(node.get("namespace"), parameters).trim();
        String metric = Placeholders.fill(node.get("metric"), parameters).trim();
        if (namespace.isEmpty() || metric.isEmpty()) {
            throw node.error("namespace and metric must not be empty");
        }
        Map<String, String> dimensions = new TreeMap<>();
        node.find("dimensions").ifPresent(dims -> dims.fields().forEach((key, value) -> {
            String filled = Placeholders.fill(value, parameters);
            if (filled.isBlank()) {
                throw value.error("dimension value must not be empty");
            }
            dimensions.put(key, filled);
        }));
        Statistic statistic = parsed(node.get("statistic"), Statistic::of);
        Duration period = node.get("period").positiveDuration();
        if (period.toMillis() % 1000 != 0) {
            throw node.get("period").error("must be whole seconds (e.g. 10s), was '" + node.get("period").text() + "'");
        }
        ConfigNode periodsNode = node.get("evaluationPeriods");
        int periods = periodsNode.integer();
        if (periods < 1) {
            throw periodsNode.error("must be at least 1, was " + periods);
        }
        int toAlarm = periods;
        Optional<ConfigNode> toAlarmNode = node.find("datapointsToAlarm");
        if (toAlarmNode.isPresent()) {
            toAlarm = toAlarmNode.get().integer();
            if (toAlarm < 1 || toAlarm > periods) {
                throw toAlarmNode.get().error("must be between 1 and evaluationPeriods (" + periods + "), was " + toAlarm);
            }
        }
        TreatMissingData missing = node.find("treatMissingData").map(n -> parsed(n, TreatMissingData::of))
                .orElse(TreatMissingData.MISSING);
        return new AlarmDefinition(node.get("name").name(),
                new MetricQuery(namespace, metric, dimensions, statistic, period),
                parsed(node.get("comparisonOperator"), ComparisonOperator::of), node.get("threshold").number(),
                periods, toAlarm, missing);
    }

    private static <T> T parsed(ConfigNode node, java.util.function.Function<String, T> parser) {
        try {
            return parser.apply(node.text().trim());
        } catch (IllegalArgumentException e) {
            throw node.error(e.getMessage());
        }
    }

    /** Stand-ins for the target's values ({@code <loadBalancer>}, …): enough to check an alarm before the target is open. */
    private static Map<String, String> standIns() {
        Map<String, String> values = new LinkedHashMap<>();
        Preflight.TARGET_PARAMETERS.forEach(name -> values.put(name, "<" + name + ">"));
        return values;
    }

    private static HealthCheck healthCheck(ConfigNode node) {
        node.allowOnly("path", "interval", "timeout", "healthyThreshold", "unhealthyThreshold");
        HealthCheck d = HealthCheck.scaledDefaults();
        try {
            return new HealthCheck(node.text("path", d.path()),
                    node.find("interval").map(ConfigNode::positiveDuration).orElse(d.interval()),
                    node.find("timeout").map(ConfigNode::positiveDuration).orElse(d.timeout()),
                    node.find("healthyThreshold").map(ConfigNode::integer).orElse(d.healthyThreshold()),
                    node.find("unhealthyThreshold").map(ConfigNode::integer).orElse(d.unhealthyThreshold()));
        } catch (IllegalArgumentException e) {
            // The health check's own rules (e.g. timeout within the interval), located in the file.
            throw node.error(e.getMessage());
        }
    }
}
