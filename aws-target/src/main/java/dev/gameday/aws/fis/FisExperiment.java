package dev.gameday.aws.fis;

import dev.gameday.chaos.fault.ExperimentState;
import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.fis.model.Experiment;
import software.amazon.awssdk.services.fis.model.ExperimentAction;
import software.amazon.awssdk.services.fis.model.ResourceNotFoundException;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One FIS experiment started by a {@link FisFaultInjector}: its last known state, kept current by
 * polling {@code GetExperiment} with a backoff that resets whenever something changes, and every
 * change of the experiment's or an action's state recorded as an event.
 */
final class FisExperiment implements RunningExperiment {

    private final FisFaultInjector injector;
    private final String template;
    private final String id;
    private final String arn;
    private ExperimentState state;
    private final Map<String, ExperimentState> actionStates = new LinkedHashMap<>();
    private Duration nextPoll;
    private boolean pollErrorReported;
    /** How many StopExperiment answers were observed: a poll sent before one must not overwrite it. */
    private long stopsObserved;

    FisExperiment(FisFaultInjector injector, String template, Experiment started) {
        this.injector = injector;
        this.template = template;
        this.id = started.id();
        this.arn = started.arn();
        this.nextPoll = injector.config().pollInterval();
        observe(started);
        if (state == null) {
            state = ExperimentState.of(ExperimentStatus.PENDING); // FIS answered without a state: it has only just begun
        }
    }

    @Override
    public String id() {
        return id;
    }

    /** The experiment's ARN (tags are set on it), or {@code null} if FIS did not say. */
    String arn() {
        return arn;
    }

    /** The catalogue name of the template this experiment runs. */
    String template() {
        return template;
    }

    @Override
    public synchronized ExperimentState state() {
        return state;
    }

    @Override
    public synchronized Map<String, ExperimentState> actionStates() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(actionStates));
    }

    /** Records what FIS reports, emitting an event for each state that changed; true if any did. */
    synchronized boolean observe(Experiment experiment) {
        boolean changed = false;
        if (experiment.state() != null && experiment.state().statusAsString() != null) {
            var fisState = experiment.state();
            ExperimentState next = new ExperimentState(status(fisState.statusAsString()), fisState.reason());
            if (!next.equals(state)) {
                state = next;
                changed = true;
                Map<String, Object> attrs = new LinkedHashMap<>();
                attrs.put("experiment", id);
                attrs.put("template", template);
                attrs.put("state", next.status().fisName());
                attrs.put("reason", next.reason());
                if (fisState.error() != null) {
                    attrs.put("errorCode", fisState.error().code());
                    attrs.put("errorLocation", fisState.error().location());
                }
                injector.events().emit(FisFaultInjector.EVENT_SOURCE, "experiment.state", attrs);
            }
        }
        if (experiment.hasActions()) {
            for (Map.Entry<String, ExperimentAction> entry : experiment.actions().entrySet()) {
                ExperimentAction action = entry.getValue();
                if (action.state() == null || action.state().statusAsString() == null) {
                    continue;
                }
                ExperimentState next = new ExperimentState(status(action.state().statusAsString()), action.state().reason());
                if (!next.equals(actionStates.get(entry.getKey()))) {
                    actionStates.put(entry.getKey(), next);
                    changed = true;
                    Map<String, Object> attrs = new LinkedHashMap<>();
                    attrs.put("experiment", id);
                    attrs.put("template", template);
                    attrs.put("action", entry.getKey());
                    attrs.put("actionId", action.actionId());
                    attrs.put("state", next.status().fisName());
                    attrs.put("reason", next.reason());
                    injector.events().emit(FisFaultInjector.EVENT_SOURCE, "action.state", attrs);
                }
            }
        }
        return changed;
    }

    private ExperimentStatus status(String fisName) {
        try {
            return ExperimentStatus.fromFis(fisName);
        } catch (IllegalArgumentException e) {
            // A status newer than this harness: keep the last one rather than fail the run.
            return state != null ? state.status() : ExperimentStatus.PENDING;
        }
    }

    /** Polls once; returns the delay before the next poll, or null when the experiment is over. */
    Duration pollOnce() {
        if (state().status().isFinal()) {
            return null;
        }
        long stopsBefore;
        synchronized (this) {
            stopsBefore = stopsObserved;
        }
        Experiment experiment;
        try {
            // Outside the lock: readers of state() must not wait for FIS (or the SDK's retries).
            experiment = injector.client().getExperiment(b -> b.id(id)).experiment();
        } catch (SdkException e) {
            synchronized (this) {
                // The SDK already retried; a poll that still fails is reported once and tried again later.
                if (!pollErrorReported) {
                    pollErrorReported = true;
                    injector.events().emit(FisFaultInjector.EVENT_SOURCE, "experiment.poll-failed", Map.of(
                            "experiment", id, "template", template, "error", String.valueOf(e.getMessage())));
                }
                nextPoll = injector.config().maxPollInterval();
                return nextPoll;
            }
        }
        synchronized (this) {
            pollErrorReported = false;
            if (stopsObserved != stopsBefore) {
                // FIS answered a StopExperiment while this poll was on its way: the poll's answer may
                // predate the stop ("running" after "stopping"), so it is not news. Ask again.
                nextPoll = injector.config().pollInterval();
                return state.status().isFinal() ? null : nextPoll;
            }
            if (observe(experiment)) {
                nextPoll = injector.config().pollInterval();
            } else {
                Duration doubled = nextPoll.multipliedBy(2);
                nextPoll = doubled.compareTo(injector.config().maxPollInterval()) > 0
                        ? injector.config().maxPollInterval() : doubled;
            }
            return state.status().isFinal() ? null : nextPoll;
        }
    }

    @Override
    public void stop(String reason) {
        synchronized (this) {
            if (state.status().isFinal()) {
                return;
            }
            injector.events().emit(FisFaultInjector.EVENT_SOURCE, "experiment.stop-requested", Map.of(
                    "experiment", id, "template", template, "reason", reason == null ? "" : reason));
        }
        try {
            Experiment stopping = injector.call("StopExperiment", template,
                    () -> injector.client().stopExperiment(b -> b.id(id))).experiment();
            synchronized (this) {
                observe(stopping);
                stopsObserved++;
            }
        } catch (FisRequestException e) {
            // FIS refuses to stop an experiment that has just ended on its own: read its state instead.
            if (!(e.getCause() instanceof ResourceNotFoundException) && !"ValidationException".equals(e.errorCode())
                    && !"ConflictException".equals(e.errorCode())) {
                throw e;
            }
        }
        awaitFinal(injector.config().stopTimeout());
    }

    /** Polls on the calling thread until a final state, or fails after {@code timeout}. */
    void awaitFinal(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            Duration delay = pollOnce();
            if (delay == null) {
                return;
            }
            if (Instant.now().plus(delay).isAfter(deadline)) {
                throw new FisRequestException("experiment " + id + " (" + template + ") is still "
                        + state().status().fisName() + " after " + timeout + "; check it in the FIS console",
                        null, null);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(delay.toNanos());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FisRequestException("interrupted while waiting for experiment " + id + " to stop", null, e);
            }
        }
    }
}
