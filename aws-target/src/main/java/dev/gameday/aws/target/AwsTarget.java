package dev.gameday.aws.target;

import dev.gameday.aws.account.AccountGuard;
import dev.gameday.aws.account.CallerIdentity;
import dev.gameday.aws.client.AwsClients;
import dev.gameday.aws.config.AwsService;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.aws.dns.Route53Watch;
import dev.gameday.aws.inventory.AwsInventory;
import dev.gameday.aws.experiment.ExperimentGuard;
import dev.gameday.aws.experiment.GuardedFaultInjector;
import dev.gameday.aws.fis.FisFaultInjector;
import dev.gameday.aws.fis.Harness;
import dev.gameday.aws.history.PlatformHistory;
import dev.gameday.aws.config.InjectorSettings;
import dev.gameday.aws.inject.EcsInjectorTasks;
import dev.gameday.aws.inject.InjectorBucket;
import dev.gameday.aws.inject.InjectorExclusion;
import dev.gameday.aws.inject.InjectorOrphanSweep;
import dev.gameday.chaos.resolution.Resource;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.fault.FaultInjector;
import dev.gameday.chaos.fault.FaultTarget;
import dev.gameday.core.event.EventLog;
import dev.gameday.core.metric.MetricsSource;
import dev.gameday.aws.cloudwatch.CloudWatchMetricsSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The {@code aws} target: a real deployment of the shop in an allow-listed account, opened from a
 * target file. Opening checks, in this order and before anything else is called: the admin token's
 * environment variable is set (when the file names one); the credentials' account
 * ({@code sts:GetCallerIdentity}) is allowed and is the one the deployment's ARNs name; the target
 * group is behind the load balancer ({@code DescribeTargetGroups}); the service has running tasks.
 * Right after the account check, experiments that a dead harness left running are stopped
 * ({@link FisFaultInjector#stopOrphanedExperiments()}), said as notices and events.
 * Faults go through FIS ({@link FisFaultInjector}) behind an {@link ExperimentGuard} (role, ARNs,
 * stop conditions), each experiment tagged with this run and harness; metrics come from CloudWatch
 * ({@link CloudWatchMetricsSource}); with a {@code route53:} block a {@link Route53Watch} polls the
 * failover record and health checks from opening to closing. At the end of a run the platform's own
 * history (alarm states, ECS service events, RDS failovers) is read into the run's events
 * ({@link PlatformHistory}). Closing stops every experiment still running, then the Route 53 watch,
 * then releases the clients.
 *
 * <pre>{@code
 * AwsTargetConfig config = AwsTargetConfig.load(Path.of("targets/aws-example.yaml"));
 * try (AwsTarget target = AwsTarget.open(config, events)) {
 *     target.parameters();   // loadBalancer=app/shop-alb/50dc…, cluster=shop, zones=eu-west-1a,eu-west-1b, …
 * }
 * }</pre>
 */
public final class AwsTarget implements FaultTarget {

    private final AwsTargetConfig config;
    private final CallerIdentity identity;
    private final AwsClients clients;
    private final AwsInventory inventory;
    private final List<String> zones;
    private final String writerInstance;
    private final String adminToken;
    private final FaultInjector faultInjector;
    private final CloudWatchMetricsSource cloudWatch;
    private final Route53Watch route53;
    private final MetricsSource metrics;
    private final LiveStatus liveStatus;
    private final PlatformHistory history;
    private final EventLog events;
    private final String runId;
    private EcsInjectorTasks injectorTasks;

    private AwsTarget(Builder b, CallerIdentity identity, AwsClients clients, FisFaultInjector fis, AwsInventory inventory,
                      List<String> zones, String writerInstance, String adminToken) {
        this.config = b.config;
        this.identity = identity;
        this.clients = clients;
        this.inventory = inventory;
        this.zones = List.copyOf(zones);
        this.writerInstance = writerInstance;
        this.adminToken = adminToken;
        this.runId = b.runId;
        this.faultInjector = new GuardedFaultInjector(fis, new ExperimentGuard(config),
                experiment -> refuseInjectorTargets(experiment.template(), 0));
        CloudWatchMetricsSource.Builder cloudWatch = CloudWatchMetricsSource.builder()
                .region(config.region())
                .credentialsProvider(clients.credentials());
        config.endpoint(AwsService.CLOUDWATCH).ifPresent(cloudWatch::endpointOverride);
        config.highResolutionNamespaces().forEach(cloudWatch::highResolution);
        this.cloudWatch = cloudWatch.build();
        this.route53 = config.route53Settings()
                .map(settings -> Route53Watch.start(clients.route53(), settings, b.events, b.clock))
                .orElse(null);
        this.metrics = new AwsMetrics(this.cloudWatch, route53, clients::countedReadCalls);
        this.history = new PlatformHistory(clients, config);
        this.events = b.events;
        this.liveStatus = new LiveStatus(clients.elb(), clients.ecs(), inventory, config.targetGroup().arn(),
                config.cluster(), config.service(), config.region(), zones, config.statusCacheTtl(), b.clock);
    }

    /**
     * Opens the target with the SDK's default credentials chain and the process environment.
     *
     * @throws dev.gameday.aws.account.AccountNotAllowedException when the credentials' account is not allowed
     * @throws IllegalStateException                              when the deployment cannot be played (see {@link Builder#open()})
     */
    public static AwsTarget open(AwsTargetConfig config, EventLog events) {
        return builder(config, events).open();
    }

    /** A builder, for other credentials, environment or clock than the defaults. */
    public static Builder builder(AwsTargetConfig config, EventLog events) {
        return new Builder(config, events);
    }

    @Override
    public String kind() {
        return "aws";
    }

    @Override
    public URI baseUrl() {
        return config.baseUrl();
    }

    /**
     * {@code loadBalancer} ({@code app/<name>/<id>}), {@code targetGroup} ({@code targetgroup/<name>/<id>}),
     * {@code cluster}, {@code service}, {@code dbCluster} (for a DB cluster), {@code dbInstance} (the
     * writer at opening, or the DB instance), {@code queue} (when the file names one), {@code region},
     * {@code account} (the verified one), {@code zones} (comma list, sorted), {@code roleArn}.
     */
    @Override
    public Map<String, String> parameters() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("loadBalancer", config.loadBalancer().dimension());
        p.put("targetGroup", config.targetGroup().dimension());
        p.put("cluster", config.cluster());
        p.put("service", config.service());
        if (config.database().isCluster()) {
            p.put("dbCluster", config.database().clusterId());
        }
        if (writerInstance != null) {
            p.put("dbInstance", writerInstance);
        }
        if (config.queue() != null) {
            p.put("queue", config.queue());
        }
        p.put("region", config.region());
        p.put("account", identity.account());
        p.put("zones", String.join(",", zones));
        p.put("roleArn", config.fisRoleArn());
        return p;
    }

    @Override
    public String adminToken() {
        return adminToken;
    }

    @Override
    public FaultInjector faultInjector() {
        return faultInjector;
    }

    @Override
    public MetricsSource metrics() {
        return metrics;
    }

    /** Reads the alarms' history, the ECS service's events and the database's failovers into the run's events. */
    @Override
    public void recordPlatformHistory(Instant start, Instant end) {
        history.record(start, end, events);
    }

    /** The deployment's resources as FIS sees them, for {@code gameday plan} (TargetResolver). */
    public AwsInventory inventory() {
        return inventory;
    }

    /** The SDK clients, for tests of this package. */
    AwsClients clients() {
        return clients;
    }

    /** Who the credentials belong to (verified against the allow-list at opening). */
    public CallerIdentity identity() {
        return identity;
    }

    /** The target file this target was opened from. */
    public AwsTargetConfig config() {
        return config;
    }

    /** E.g. {@code healthy 1a:2 1b:2 | tasks 4/4}; reused for the file's {@code statusCacheTtl}. */
    @Override
    public String liveStatus() {
        return liveStatus.get();
    }

    /**
     * The injector tasks of this run ({@code load.injectors > 1}): started by the fleet, every one of
     * them stopped when this target closes, whatever stopped the run.
     *
     * @throws IllegalStateException when the target file has no {@code injectors:} block
     */
    public synchronized EcsInjectorTasks injectorTasks() {
        if (injectorTasks == null) {
            InjectorSettings settings = injectorSettings();
            injectorTasks = new EcsInjectorTasks(clients.ecs(), new EcsInjectorTasks.Placement(settings.cluster(),
                    settings.taskDefinition(), settings.container(), settings.subnets(), settings.securityGroups(),
                    settings.publicIp()), runId);
        }
        return injectorTasks;
    }

    /** The {@code injectors:} block of the target file. */
    private InjectorSettings injectorSettings() {
        return config.injectorSettings().orElseThrow(() -> new IllegalStateException(config.file()
                + " has no 'injectors' block: this target cannot start injector tasks"));
    }

    /**
     * Injector {@code id}'s place in the results bucket, as the harness reads it; its
     * {@link InjectorBucket#location()} plus {@link #injectorResultsQuery()} is what the injector's spec carries.
     */
    public InjectorBucket injectorBucket(String id) {
        InjectorSettings settings = injectorSettings();
        return new InjectorBucket(clients.s3(), settings.bucket(), settings.runPrefix(runId) + id + "/");
    }

    /**
     * What an injector task needs besides its S3 location to reach the bucket: the region and, when S3
     * is stood in, the endpoint ({@code region=eu-west-1[&endpoint=…]}).
     */
    public String injectorResultsQuery() {
        return "region=" + config.region() + config.endpoint(AwsService.S3)
                .map(e -> "&endpoint=" + java.net.URLEncoder.encode(e.toString(), java.nio.charset.StandardCharsets.UTF_8))
                .orElse("");
    }

    /**
     * Refuses a template whose ECS task targets resolve to an injector task: one running now in the
     * injector cluster (by its task definition's family), or one of the {@code planned} injectors
     * about to start. Nothing to do without an {@code injectors:} block.
     *
     * @throws IllegalArgumentException naming the template's target and the injector task
     */
    public void refuseInjectorTargets(ExperimentTemplate template, int planned) {
        config.injectorSettings().ifPresent(settings -> {
            List<Resource> tasks = new java.util.ArrayList<>(inventory.injectorTasks(settings.cluster(), settings.family()));
            tasks.addAll(InjectorExclusion.planned(settings, config.region(), identity.account(), planned));
            InjectorExclusion.refuse(template, tasks, settings.family());
        });
    }

    /** The run this target was opened for. */
    public String runId() {
        return runId;
    }

    /**
     * Stops every experiment still running (FIS), then every injector task still running, then the
     * Route 53 watch, then closes the CloudWatch and SDK clients.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        List<AutoCloseable> parts = new java.util.ArrayList<>(List.of(faultInjector));
        synchronized (this) {
            if (injectorTasks != null) {
                parts.add(injectorTasks);
            }
        }
        if (route53 != null) {
            parts.add(route53);
        }
        parts.add(cloudWatch);
        parts.add(clients);
        for (AutoCloseable part : parts) {
            try {
                part.close();
            } catch (Exception e) {
                // Keep closing: a failure to release one client must not keep an experiment running.
                RuntimeException wrapped = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                if (failure == null) {
                    failure = wrapped;
                } else {
                    failure.addSuppressed(wrapped);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Opens an {@link AwsTarget}; every setting but the file and the event log has a default. */
    public static final class Builder {
        private final AwsTargetConfig config;
        private final EventLog events;
        private AwsCredentialsProvider credentials;
        private Function<String, String> environment = System::getenv;
        private Clock clock = Clock.systemUTC();
        private boolean adminTokenRequired = true;
        private String runId = "none";
        private Consumer<String> notices = line -> { };

        private Builder(AwsTargetConfig config, EventLog events) {
            this.config = Objects.requireNonNull(config, "config");
            this.events = Objects.requireNonNull(events, "events");
        }

        /** Credentials; default: the SDK's default chain (environment, profile, SSO, container or instance role). */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = Objects.requireNonNull(credentials, "credentials");
            return this;
        }

        /** Where {@code adminTokenEnv} is looked up; default: the process environment. */
        public Builder environment(Function<String, String> environment) {
            this.environment = Objects.requireNonNull(environment, "environment");
            return this;
        }

        /**
         * Whether opening refuses a file whose {@code adminTokenEnv} is unset (default: yes). A plan
         * audits no orders, so it opens without the token.
         */
        public Builder adminTokenRequired(boolean required) {
            this.adminTokenRequired = required;
            return this;
        }

        /** The run whose experiments these are: tagged on each ({@code gameday:run-id}). Default: {@code none}. */
        public Builder runId(String runId) {
            this.runId = Objects.requireNonNull(runId, "runId");
            return this;
        }

        /** Where lines for the user go (the orphaned experiments stopped at opening); default: nowhere. */
        public Builder notices(Consumer<String> notices) {
            this.notices = Objects.requireNonNull(notices, "notices");
            return this;
        }

        /** The clock the live status cache and the Route 53 watch run on; default: the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Checks and opens the target.
         *
         * @throws IllegalStateException when the admin token's variable is unset, the account is not allowed
         *                               ({@link dev.gameday.aws.account.AccountNotAllowedException}) or is not
         *                               the deployment's, the target group is not behind the load balancer,
         *                               or the service has no running task
         */
        public AwsTarget open() {
            String adminToken = null;
            if (config.adminTokenEnv() != null) {
                adminToken = environment.apply(config.adminTokenEnv());
                if ((adminToken == null || adminToken.isBlank()) && adminTokenRequired) {
                    throw new IllegalStateException(config.file() + ": adminTokenEnv names " + config.adminTokenEnv()
                            + ", which is not set: export it with the shop's admin token, or remove adminTokenEnv to skip the order audit");
                }
                if (adminToken != null && adminToken.isBlank()) {
                    adminToken = null;
                }
            }
            AwsClients clients = new AwsClients(config.region(), credentials, config.endpoints(), events);
            FisFaultInjector fis = null;
            try {
                CallerIdentity identity = new AccountGuard(clients.sts(), events).verify(config.allowedAccounts(), config.file());
                if (!identity.account().equals(config.deploymentAccount())) {
                    // Both accounts are allowed, but FIS and the inventory act on the credentials' account:
                    // the ARNs in the file would name resources that are not there.
                    throw new IllegalStateException("the credentials are for account " + identity.account() + " ("
                            + identity.arn() + "), but " + config.file() + " describes a deployment in account "
                            + config.deploymentAccount() + " (loadBalancer): use that account's credentials");
                }
                fis = FisFaultInjector.builder()
                        .client(clients.fis())
                        .events(events)
                        .roleArn(config.fisRoleArn())
                        .harness(Harness.current(runId))
                        .build();
                stopOrphans(fis);
                config.injectorSettings().ifPresent(settings -> InjectorOrphanSweep.run(clients.ecs(), settings,
                        Harness.current(runId), events).forEach(stopped -> notices.accept("stopped injector task "
                        + stopped.taskArn() + " (" + stopped.injector() + ") left running by run " + stopped.runId()
                        + ": " + stopped.reason())));
                TargetGroupCheck.verify(clients.elb(), config);
                AwsInventory inventory = new AwsInventory(clients.ecs(), clients.rds(), clients.ec2(), new AwsInventory.Scope(
                        config.cluster(), config.service(), config.database(), config.subnetTags()));
                List<String> zones = inventory.zones();
                if (inventory.tasks().stream().noneMatch(t -> t.running())) {
                    throw new IllegalStateException("ECS service " + config.service() + " in cluster " + config.cluster()
                            + " (" + config.region() + ", account " + identity.account() + ") has no running task:"
                            + " there is nothing to play a game day against");
                }
                String writer = inventory.writerInstance();
                events.emit(AccountGuard.EVENT_SOURCE, "target.opened", Map.of("kind", "aws", "region", config.region(),
                        "account", identity.account(), "zones", String.join(",", zones)));
                return new AwsTarget(this, identity, clients, fis, inventory, zones, writer, adminToken);
            } catch (RuntimeException e) {
                try {
                    if (fis != null) {
                        fis.close(); // it has started nothing yet: this only ends its poller
                    }
                    clients.close();
                } catch (RuntimeException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        }

        /** Stops what dead harnesses left running before anything new starts, and says so. */
        private void stopOrphans(FisFaultInjector fis) {
            for (FisFaultInjector.Finding found : fis.stopOrphanedExperiments()) {
                notices.accept(found.stopped()
                        ? "stopped FIS experiment " + found.experimentId() + " left running by run " + found.runId()
                                + " on " + found.host() + ": " + found.reason()
                        : "FIS experiment " + found.experimentId() + " of run " + found.runId() + " on " + found.host()
                                + " is running and " + found.reason());
            }
        }
    }
}
