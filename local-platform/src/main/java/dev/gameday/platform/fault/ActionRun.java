package dev.gameday.platform.fault;

import dev.gameday.chaos.resolution.Resource;
import dev.gameday.chaos.template.ExperimentAction;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.LocalPlatform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One action of a local experiment being played: what it acts on, for how long, and where it
 * registers how to undo each fault it applies, so that stopping the experiment undoes what is
 * still applied.
 *
 * @param experimentId the experiment's id, for events and stop reasons
 * @param action       the template's action (its parameters)
 * @param targets      the resources its target resolved to
 * @param platform     the platform acted on
 * @param duration     the action's {@code duration}, scaled for the run (zero when it has none)
 * @param undo         where faults register and release their undo
 */
record ActionRun(String experimentId, ExperimentAction action, List<Resource> targets, LocalPlatform platform,
                 Duration duration, Undo undo) {

    /** The experiment's register of faults to undo. */
    interface Undo {
        /** A fault was applied; {@code restore} undoes it. */
        void applied(Runnable restore);

        /** The action undid the fault itself; {@code restore} is no longer the experiment's to run. */
        void released(Runnable restore);
    }

    /** The parameter's value, or {@code otherwise} (FIS's default) when the template leaves it out. */
    String parameter(String name, String otherwise) {
        return action.parameters().getOrDefault(name, otherwise);
    }

    EventLog events() {
        return platform.events();
    }

    /** Records a platform event naming this experiment. */
    void emit(String type, Map<String, Object> attrs) {
        java.util.Map<String, Object> all = new java.util.LinkedHashMap<>(attrs);
        all.put("experiment", experimentId);
        platform.events().emit("platform", type, all);
    }

    /** Applies {@code restore}'s fault as registered; call before applying it, so a stop in between undoes it. */
    void applied(Runnable restore) {
        undo.applied(restore);
    }

    /**
     * Holds the applied faults for the action's duration, then undoes them (in reverse order).
     * A stop interrupts the wait and the experiment undoes them instead.
     */
    void holdThenUndo(List<Runnable> restores) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(duration.toNanos());
        for (int i = restores.size() - 1; i >= 0; i--) {
            Runnable restore = restores.get(i);
            undo.released(restore);
            restore.run();
        }
    }

    /** The task id of an {@code aws:ecs:task} resource (the last part of its ARN). */
    static String taskId(Resource task) {
        return task.arn().substring(task.arn().lastIndexOf('/') + 1);
    }
}
