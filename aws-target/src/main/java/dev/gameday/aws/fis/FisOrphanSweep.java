package dev.gameday.aws.fis;

import dev.gameday.core.event.EventLog;
import software.amazon.awssdk.services.fis.model.ExperimentSummary;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds experiments a previous harness left running — killed by SIGKILL, out of memory, or with its
 * host gone — and stops them ({@code ListExperiments}, then {@code StopExperiment}).
 *
 * <p>An experiment is a harness's when it carries the {@link Harness} tags; it is looked at while
 * {@code pending}, {@code initiating} or {@code running}. Its harness is judged alive:
 * <ul>
 *   <li>on this host: when a process with the tagged pid is alive and started when the
 *       {@code gameday:process-start} tag says (a pid reused by another program is not the harness);</li>
 *   <li>on another host (whose processes cannot be seen from here): when its {@code gameday:heartbeat}
 *       tag, refreshed every minute by a living harness, is younger than the stale limit (the
 *       experiment's creation time stands in for a missing heartbeat).</li>
 * </ul>
 * Experiments without the tags (started by hand, or by other tools) are never touched.
 */
final class FisOrphanSweep {

    private static final Set<String> ACTIVE = Set.of("pending", "initiating", "running");

    private final FisFaultInjector injector;
    private final Harness self;
    private final Duration staleAfter;
    private final Clock clock;

    FisOrphanSweep(FisFaultInjector injector, Harness self, Duration staleAfter, Clock clock) {
        this.injector = injector;
        this.self = self;
        this.staleAfter = staleAfter;
        this.clock = clock;
    }

    /** Lists the account's experiments, stops every orphan, and says what it found about each harness's experiment. */
    List<FisFaultInjector.Finding> run() {
        List<ExperimentSummary> active = new ArrayList<>();
        injector.call("ListExperiments", "(orphan sweep)", () -> {
            injector.client().listExperimentsPaginator(b -> b.maxResults(100)).experiments().forEach(summary -> {
                if (summary.state() != null && ACTIVE.contains(summary.state().statusAsString())
                        && Harness.fromTags(summary.tags()).isPresent()) {
                    active.add(summary);
                }
            });
            return null;
        });
        List<FisFaultInjector.Finding> findings = new ArrayList<>();
        for (ExperimentSummary summary : active) {
            Harness owner = Harness.fromTags(summary.tags()).orElseThrow();
            Optional<String> dead = deadBecause(owner, summary);
            Map<String, Object> attrs = new LinkedHashMap<>();
            attrs.put("experiment", summary.id());
            attrs.put("runId", owner.runId());
            attrs.put("host", owner.host());
            attrs.put("pid", owner.pid());
            if (dead.isEmpty()) {
                attrs.put("reason", "its harness is alive");
                injector.events().emit(FisFaultInjector.EVENT_SOURCE, "experiment.orphan-check.alive", attrs);
                findings.add(new FisFaultInjector.Finding(summary.id(), owner.runId(), owner.host(), false,
                        "its harness is alive; left running"));
                continue;
            }
            stop(summary);
            attrs.put("reason", dead.get());
            injector.events().emit(FisFaultInjector.EVENT_SOURCE, "experiment.orphan-stopped", attrs);
            findings.add(new FisFaultInjector.Finding(summary.id(), owner.runId(), owner.host(), true, dead.get()));
        }
        return findings;
    }

    /**
     * Stops an orphan. A refusal is only forgiven when the experiment has meanwhile ended or is
     * already stopping (it ended between the list and the stop); otherwise the fault may still be on
     * and the caller must not start anything.
     */
    private void stop(ExperimentSummary summary) {
        String name = summary.tags().getOrDefault(FisTemplates.NAME_TAG, summary.id());
        try {
            injector.call("StopExperiment", name, () -> injector.client().stopExperiment(b -> b.id(summary.id())));
        } catch (FisRequestException refused) {
            String status = injector.call("GetExperiment", name,
                    () -> injector.client().getExperiment(b -> b.id(summary.id()))).experiment().state().statusAsString();
            if (ACTIVE.contains(status)) {
                throw refused;
            }
        }
    }

    /** Why the experiment's harness is dead, or empty while it lives. */
    private Optional<String> deadBecause(Harness owner, ExperimentSummary summary) {
        if (owner.host().equals(self.host()) && !owner.host().equals("unknown-host")) {
            Optional<ProcessHandle> process = ProcessHandle.of(owner.pid()).filter(ProcessHandle::isAlive);
            if (process.isEmpty()) {
                return Optional.of("its harness (pid " + owner.pid() + " on " + owner.host() + ") is gone");
            }
            Optional<Instant> started = process.get().info().startInstant();
            if (owner.processStart() != null && started.isPresent() && !started.get().equals(owner.processStart())) {
                return Optional.of("its harness (pid " + owner.pid() + " on " + owner.host() + ", started "
                        + owner.processStart() + ") is gone; the pid now belongs to a process started " + started.get());
            }
            return Optional.empty();
        }
        Instant heartbeat = Harness.instant(summary.tags().get(Harness.HEARTBEAT_TAG));
        Instant last = heartbeat != null ? heartbeat : summary.creationTime();
        if (last == null || Duration.between(last, clock.instant()).compareTo(staleAfter) > 0) {
            return Optional.of("its harness on " + owner.host() + " last said it was alive at " + last
                    + ", more than " + staleAfter.toSeconds() + " s ago");
        }
        return Optional.empty();
    }
}
