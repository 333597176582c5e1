package dev.gameday.aws.fis;

import dev.gameday.aws.client.AwsRetries;
import dev.gameday.chaos.fault.FaultInjector;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.core.event.EventLog;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.api.RetryStrategy;
import software.amazon.awssdk.services.fis.FisClient;
import software.amazon.awssdk.services.fis.FisClientBuilder;
import software.amazon.awssdk.services.fis.model.Experiment;
import software.amazon.awssdk.services.fis.model.ExperimentTemplateSummary;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The {@link FaultInjector} of the {@code aws} target: runs experiment templates with AWS FIS.
 *
 * <p>{@link #start} takes the template as the validator left it (no second reading, no second
 * check), makes sure FIS holds it (found by its
 * {@code gameday:template} tag and reused when its {@code gameday:content-hash} tag matches;
 * otherwise created, and outdated versions deleted), starts an experiment with a fresh client token
 * and follows it with {@code GetExperiment}, recording every experiment and action state change
 * as an event ({@code experiment.state}, {@code action.state}, source {@code fis}). Throttling and
 * 5xx answers are retried by the SDK with jittered exponential backoff; a call that still fails
 * raises {@link FisRequestException} with FIS's own message. Closing stops every experiment still
 * running.
 *
 * <p>With a {@link Harness} ({@link Builder#harness}), every experiment is tagged with the run id,
 * host and pid that started it, and its {@code gameday:heartbeat} tag is refreshed every minute
 * while it runs; {@link #stopOrphanedExperiments()} stops the experiments of harnesses that died
 * (see {@link FisOrphanSweep} for how that is judged).
 *
 * <pre>{@code
 * try (FisFaultInjector fis = FisFaultInjector.builder().region("eu-west-1").events(log).build()) {
 *     RunningExperiment experiment = fis.start(TemplateValidator.validate(template, parameters));
 * }
 * }</pre>
 */
public final class FisFaultInjector implements FaultInjector {

    /** The {@code source} of the events this injector records. */
    public static final String EVENT_SOURCE = "fis";

    /**
     * What the orphan sweep found about one experiment a harness started.
     *
     * @param experimentId the FIS experiment
     * @param runId        the run that started it
     * @param host         where that run's harness ran
     * @param stopped      whether it was stopped (its harness is dead) or left running (alive)
     * @param reason       why, in words
     */
    public record Finding(String experimentId, String runId, String host, boolean stopped, String reason) {
    }

    /** Polling and stopping settings, fixed at build time. */
    record Config(Duration pollInterval, Duration maxPollInterval, Duration stopTimeout) {
    }

    private final FisClient client;
    private final boolean ownsClient;
    private final EventLog events;
    private final String defaultRoleArn;
    private final Config config;
    private final ScheduledExecutorService poller;
    private final List<FisExperiment> experiments = new CopyOnWriteArrayList<>();
    private final Harness harness;
    private final Duration heartbeatInterval;
    private final Duration orphanStaleAfter;
    private final Clock clock = Clock.systemUTC();
    private boolean heartbeatScheduled;

    private FisFaultInjector(Builder builder) {
        this.ownsClient = builder.client == null;
        this.client = ownsClient ? builder.buildClient() : builder.client;
        this.events = builder.events != null ? builder.events : EventLog.inMemory(Clock.systemUTC());
        this.defaultRoleArn = builder.roleArn;
        this.config = new Config(builder.pollInterval, builder.maxPollInterval, builder.stopTimeout);
        this.harness = builder.harness;
        this.heartbeatInterval = builder.heartbeatInterval;
        this.orphanStaleAfter = builder.orphanStaleAfter;
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "fis-experiment-poller");
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.poller = executor;
    }

    /** A builder; without {@link Builder#client(FisClient)} it builds its own client. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Makes sure FIS holds the template, starts an experiment from it and returns as soon as FIS
     * has accepted it.
     *
     * @throws IllegalArgumentException if neither the template, the parameters nor the builder name a role,
     *                                  or the template names another role than the builder's; nothing is sent to FIS then
     * @throws FisRequestException      if FIS refuses, with FIS's message
     * @throws IllegalStateException    once the injector is closed
     */
    @Override
    public RunningExperiment start(ValidatedExperiment experiment) {
        if (poller.isShutdown()) {
            throw new IllegalStateException("this FIS fault injector is closed");
        }
        // FIS would refuse an action it does not have; say which and why before any call.
        experiment.requirePlayableOnAws();
        ExperimentTemplate template = experiment.template();
        String roleArn = roleArn(template, experiment.parameters());
        String templateId = ensureTemplate(template, roleArn);
        // A fresh token per start: the SDK resends the same one on its retries, so a retried
        // StartExperiment never starts a second experiment.
        String clientToken = UUID.randomUUID().toString();
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(FisTemplates.NAME_TAG, template.name());
        if (harness != null) {
            // On the experiment, not the template: templates are reused across runs (content hash).
            tags.putAll(harness.tags(clock.instant()));
        }
        Experiment started = call("StartExperiment", template.name(), () -> client.startExperiment(b -> b
                .clientToken(clientToken)
                .experimentTemplateId(templateId)
                .tags(tags))).experiment();
        FisExperiment running = new FisExperiment(this, template.name(), started);
        experiments.add(running);
        schedulePoll(running, config.pollInterval());
        scheduleHeartbeat();
        return running;
    }

    /**
     * Stops the running experiments whose harness is dead (killed, out of memory, host lost) and
     * reports what it found about the others of other harnesses; needs a {@link Builder#harness}.
     * Events: {@code experiment.orphan-stopped}, {@code experiment.orphan-check.alive}.
     *
     * @throws FisRequestException if FIS cannot list the experiments or refuses to stop an orphan
     */
    public List<Finding> stopOrphanedExperiments() {
        if (harness == null) {
            throw new IllegalStateException("the orphan sweep needs to know this harness: set Builder.harness");
        }
        return new FisOrphanSweep(this, harness, orphanStaleAfter, clock).run();
    }

    /**
     * Refreshes the {@code gameday:heartbeat} tag of every experiment still running, every
     * {@code heartbeatInterval}, so another host can tell this harness lives (FIS TagResource).
     */
    private synchronized void scheduleHeartbeat() {
        if (harness == null || heartbeatScheduled || poller.isShutdown()) {
            return;
        }
        heartbeatScheduled = true;
        long every = heartbeatInterval.toNanos();
        poller.scheduleAtFixedRate(() -> {
            for (FisExperiment experiment : experiments) {
                if (experiment.state().status().isFinal() || experiment.arn() == null) {
                    continue;
                }
                try {
                    call("TagResource", experiment.template(), () -> client.tagResource(b -> b
                            .resourceArn(experiment.arn())
                            .tags(Map.of(Harness.HEARTBEAT_TAG, clock.instant().toString()))));
                } catch (RuntimeException e) {
                    // A missed heartbeat only risks a stop by another host's sweep after the stale limit.
                    events.emit(EVENT_SOURCE, "experiment.heartbeat-failed", Map.of(
                            "experiment", experiment.id(), "error", String.valueOf(e.getMessage())));
                }
            }
        }, every, every, TimeUnit.NANOSECONDS);
    }

    /**
     * The role FIS acts with. With a builder role (the {@code aws} target's {@code fisRoleArn}) exactly
     * that one: a template naming another is refused, a {@code roleArn} parameter is not read. Without
     * one: the template's own {@code roleArn}, else the {@code roleArn} parameter. Catalogue templates
     * name none, so the same template runs on the local platform (which needs no role) and on AWS.
     */
    private String roleArn(ExperimentTemplate template, Map<String, String> parameters) {
        if (defaultRoleArn != null) {
            if (template.roleArn() != null && !template.roleArn().equals(defaultRoleArn)) {
                throw new IllegalArgumentException(template.source() + ": $.roleArn: FIS acts only with the role "
                        + defaultRoleArn + ", was " + template.roleArn());
            }
            return defaultRoleArn;
        }
        if (template.roleArn() != null) {
            return template.roleArn();
        }
        if (parameters.get("roleArn") != null) {
            return parameters.get("roleArn");
        }
        throw new IllegalArgumentException("experiment '" + template.name() + "' needs an IAM role for FIS: give the"
                + " template a roleArn, the game day a roleArn parameter, or the FIS fault injector a default role");
    }

    /**
     * The id of a FIS template holding exactly {@code template}: an existing one whose content-hash
     * tag matches, or a new one. Outdated templates of the same name are then deleted rather than
     * updated: {@code UpdateExperimentTemplate} is an HTTP PATCH, which the JDK's
     * {@code HttpURLConnection} (under the url-connection client) cannot send
     * (aws/aws-sdk-java-v2#2670), and a new template never mixes old and new content.
     */
    private String ensureTemplate(ExperimentTemplate template, String roleArn) {
        String hash = FisTemplates.contentHash(template, roleArn);
        List<ExperimentTemplateSummary> sameName = new ArrayList<>();
        call("ListExperimentTemplates", template.name(), () -> {
            client.listExperimentTemplatesPaginator(b -> b.maxResults(100)).experimentTemplates().forEach(summary -> {
                if (template.name().equals(summary.tags().get(FisTemplates.NAME_TAG))) {
                    sameName.add(summary);
                }
            });
            return null;
        });
        for (ExperimentTemplateSummary summary : sameName) {
            if (hash.equals(summary.tags().get(FisTemplates.HASH_TAG))) {
                templateEvent("reused", template, summary.id(), hash);
                return summary.id();
            }
        }
        String id = call("CreateExperimentTemplate", template.name(),
                () -> client.createExperimentTemplate(FisTemplates.create(template, roleArn, hash))).experimentTemplate().id();
        templateEvent("created", template, id, hash);
        for (ExperimentTemplateSummary outdated : sameName) {
            try {
                call("DeleteExperimentTemplate", template.name(),
                        () -> client.deleteExperimentTemplate(b -> b.id(outdated.id())));
                templateEvent("deleted", template, outdated.id(), outdated.tags().getOrDefault(FisTemplates.HASH_TAG, ""));
            } catch (FisRequestException e) {
                // A stale template left behind costs nothing; failing the game day for it would.
                events.emit(EVENT_SOURCE, "experiment-template.delete-failed", Map.of(
                        "template", template.name(), "templateId", outdated.id(), "error", e.getMessage()));
            }
        }
        return id;
    }

    private void templateEvent(String what, ExperimentTemplate template, String id, String hash) {
        events.emit(EVENT_SOURCE, "experiment-template." + what,
                Map.of("template", template.name(), "templateId", id, "contentHash", hash));
    }

    private void schedulePoll(FisExperiment experiment, Duration delay) {
        if (poller.isShutdown()) {
            return;
        }
        poller.schedule(() -> {
            Duration next;
            try {
                next = experiment.pollOnce();
            } catch (RuntimeException e) {
                // Keep following the experiment: a poller that died silently would hide a running fault.
                events.emit(EVENT_SOURCE, "experiment.poll-failed", Map.of(
                        "experiment", experiment.id(), "template", experiment.template(), "error", String.valueOf(e)));
                next = config.maxPollInterval();
            }
            if (next != null) {
                schedulePoll(experiment, next);
            }
        }, delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs one FIS call, turning a final failure into a {@link FisRequestException} with FIS's message. */
    <T> T call(String operation, String template, Supplier<T> request) {
        try {
            return request.get();
        } catch (AwsServiceException e) {
            String fisMessage = e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                    ? e.awsErrorDetails().errorMessage() : e.getMessage();
            String code = e.awsErrorDetails() != null ? e.awsErrorDetails().errorCode() : null;
            throw new FisRequestException("FIS " + operation + " failed for experiment '" + template + "': "
                    + fisMessage + (code != null ? " (" + code + ", HTTP " + e.statusCode() + ")" : ""), code, e);
        } catch (SdkException | UncheckedIOException e) {
            throw new FisRequestException("FIS " + operation + " failed for experiment '" + template + "': "
                    + e.getMessage(), null, e);
        }
    }

    /** Stops every experiment still running, then releases the client if this injector built it. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (FisExperiment experiment : experiments) {
            try {
                experiment.stop("fault injector closed");
            } catch (RuntimeException e) {
                // Try to stop the others before reporting: no fault may outlive the run.
                if (failure == null) {
                    failure = e;
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        poller.shutdownNow();
        if (ownsClient) {
            client.close();
        }
        if (failure != null) {
            throw failure;
        }
    }

    FisClient client() {
        return client;
    }

    EventLog events() {
        return events;
    }

    Config config() {
        return config;
    }

    /** Configures a {@link FisFaultInjector}. */
    public static final class Builder {
        private FisClient client;
        private Region region;
        private URI endpoint;
        private AwsCredentialsProvider credentials;
        private int maxAttempts = AwsRetries.ATTEMPTS;
        private Duration retryBaseDelay = AwsRetries.BASE_DELAY;
        private Duration retryMaxDelay = AwsRetries.MAX_DELAY;
        private EventLog events;
        private String roleArn;
        private Duration pollInterval = Duration.ofSeconds(2);
        private Duration maxPollInterval = Duration.ofSeconds(15);
        private Duration stopTimeout = Duration.ofMinutes(5);
        private Harness harness;
        private Duration heartbeatInterval = Duration.ofMinutes(1);
        private Duration orphanStaleAfter = Duration.ofMinutes(3);

        private Builder() {
        }

        /**
         * The harness whose experiments these are: each is tagged with it, and its heartbeat tag is
         * refreshed every {@code heartbeatInterval} while it runs. Needed by {@link #stopOrphanedExperiments()}.
         */
        public Builder harness(Harness harness) {
            this.harness = Objects.requireNonNull(harness, "harness");
            return this;
        }

        /**
         * How often a running experiment's heartbeat tag is refreshed (default 1 min), and how old
         * another host's heartbeat may be before its experiment counts as orphaned (default 3 min).
         */
        public Builder heartbeat(Duration interval, Duration staleAfter) {
            if (interval.isNegative() || interval.isZero() || staleAfter.compareTo(interval) <= 0) {
                throw new IllegalArgumentException("the heartbeat interval must be positive and shorter than the stale limit,"
                        + " got " + interval + " / " + staleAfter);
            }
            this.heartbeatInterval = interval;
            this.orphanStaleAfter = staleAfter;
            return this;
        }

        /**
         * Uses a client the caller built and closes (retry settings of this builder then do not apply).
         */
        public Builder client(FisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** The region of the client this builder makes; default: the SDK's region chain. */
        public Builder region(String region) {
            this.region = Region.of(region);
            return this;
        }

        /** An endpoint other than FIS's regional one (a VPC endpoint, or a stand-in in tests). */
        public Builder endpointOverride(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        /** Credentials; default: the SDK's credentials chain. */
        public Builder credentialsProvider(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /**
         * How throttling and 5xx answers are retried: at most {@code maxAttempts} attempts, waiting a
         * random (full-jitter) delay growing exponentially from {@code baseDelay} up to {@code maxDelay}.
         */
        public Builder retries(int maxAttempts, Duration baseDelay, Duration maxDelay) {
            if (maxAttempts < 1) {
                throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
            }
            this.maxAttempts = maxAttempts;
            this.retryBaseDelay = Objects.requireNonNull(baseDelay, "baseDelay");
            this.retryMaxDelay = Objects.requireNonNull(maxDelay, "maxDelay");
            return this;
        }

        /** Where experiment and action state changes are recorded; default: an in-memory log. */
        public Builder events(EventLog events) {
            this.events = events;
            return this;
        }

        /**
         * The one role FIS acts with: templates naming another role are refused, and a {@code roleArn}
         * parameter is not read. Without it, the template's role or the {@code roleArn} parameter.
         */
        public Builder roleArn(String roleArn) {
            this.roleArn = roleArn;
            return this;
        }

        /** How often {@code GetExperiment} is polled: from {@code initial}, doubling while nothing changes, up to {@code max}. */
        public Builder pollInterval(Duration initial, Duration max) {
            if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("poll interval must be positive and at most max, got " + initial + " / " + max);
            }
            this.pollInterval = initial;
            this.maxPollInterval = max;
            return this;
        }

        /** How long {@code stop} waits for FIS to report a final state (undoing faults can take a while). */
        public Builder stopTimeout(Duration stopTimeout) {
            this.stopTimeout = Objects.requireNonNull(stopTimeout, "stopTimeout");
            return this;
        }

        /** The injector. */
        public FisFaultInjector build() {
            return new FisFaultInjector(this);
        }

        private FisClient buildClient() {
            RetryStrategy retryStrategy = AwsRetries.of(maxAttempts, retryBaseDelay, retryMaxDelay);
            FisClientBuilder builder = FisClient.builder()
                    .httpClientBuilder(UrlConnectionHttpClient.builder())
                    .overrideConfiguration(o -> o.retryStrategy(retryStrategy));
            if (region != null) {
                builder.region(region);
            }
            if (endpoint != null) {
                builder.endpointOverride(endpoint);
            }
            if (credentials != null) {
                builder.credentialsProvider(credentials);
            }
            return builder.build();
        }
    }
}
