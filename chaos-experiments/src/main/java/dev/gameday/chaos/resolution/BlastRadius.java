package dev.gameday.chaos.resolution;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an experiment would hit: each target resolved once (as FIS does at start) and each action
 * with the resources of its targets. This is what {@code gameday plan} prints.
 *
 * @param template the template's name
 * @param targets  target name → resolved resources, in template order
 * @param actions  one entry per action, in template order
 */
public record BlastRadius(String template, Map<String, List<Resource>> targets, List<ActionImpact> actions) {

    public BlastRadius {
        Map<String, List<Resource>> copy = new LinkedHashMap<>();
        targets.forEach((name, resources) -> copy.put(name, List.copyOf(resources)));
        targets = Collections.unmodifiableMap(copy);
        actions = List.copyOf(actions);
    }

    /** The impact of the action named {@code name}. */
    public ActionImpact action(String name) {
        return actions.stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no action '" + name + "' in " + template));
    }

    /** A plain-text rendering, one action per line with the ARNs it hits. */
    public String describe() {
        StringBuilder out = new StringBuilder("experiment ").append(template).append('\n');
        for (ActionImpact action : actions) {
            out.append("  ").append(action.name()).append(" (").append(action.actionId()).append(')');
            if (action.skipped()) {
                out.append(" skipped: a target resolved to nothing");
            }
            out.append('\n');
            action.targets().forEach((role, resources) -> {
                out.append("    ").append(role).append(": ").append(resources.size()).append('\n');
                resources.forEach(r -> out.append("      ").append(r.arn()).append('\n'));
            });
        }
        return out.toString();
    }
}
