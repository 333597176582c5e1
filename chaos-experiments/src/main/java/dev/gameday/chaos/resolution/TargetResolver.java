package dev.gameday.chaos.resolution;

import dev.gameday.chaos.template.ExperimentTarget;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.JsonPaths;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.SelectionMode;
import dev.gameday.chaos.template.TargetFilter;
import dev.gameday.chaos.template.TemplateException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Resolves a template's targets against an {@link Inventory} the way FIS does at experiment start,
 * without touching anything: {@code resourceArns} or {@code resourceTags} (every tag must match)
 * or, for ECS tasks, the {@code cluster}/{@code service} parameters; then {@code filters} (values
 * OR-ed, filters AND-ed); then the selection mode.
 *
 * <p>{@code COUNT(n)} and {@code PERCENT(n)} pick at random from the given generator, over the
 * candidates sorted by ARN, so a seeded generator gives the same pick every time.
 * {@code PERCENT(n)} rounds down but picks at least one resource when there are candidates.
 *
 * <p>Resolve a validated, filled template: unknown selection modes or references are not
 * re-checked here.
 */
public final class TargetResolver {

    private final RandomGenerator random;

    /** A resolver drawing random selections from {@code random}; pass a seeded one for a repeatable plan. */
    public TargetResolver(RandomGenerator random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /**
     * What each action of {@code template} would hit in {@code inventory}.
     *
     * @throws TemplateException if a target used by an action resolves to nothing and the template's
     *                           {@code emptyTargetResolutionMode} is not {@code skip}, naming each such target
     */
    public BlastRadius resolve(ExperimentTemplate template, Inventory inventory) {
        Map<String, List<Resource>> resolved = new LinkedHashMap<>();
        template.targets().forEach((name, target) -> resolved.put(name, resolve(target, inventory)));

        List<ActionImpact> impacts = new ArrayList<>();
        List<Problem> empty = new ArrayList<>();
        Set<String> reported = new HashSet<>();
        template.actions().forEach((actionName, action) -> {
            Map<String, List<Resource>> byRole = new LinkedHashMap<>();
            boolean anyEmpty = false;
            for (Map.Entry<String, String> role : action.targets().entrySet()) {
                List<Resource> resources = resolved.getOrDefault(role.getValue(), List.of());
                byRole.put(role.getKey(), resources);
                if (resources.isEmpty()) {
                    anyEmpty = true;
                    if (!template.experimentOptions().skipsEmptyTargets() && reported.add(role.getValue())) {
                        empty.add(emptyTarget(template, role.getValue()));
                    }
                }
            }
            impacts.add(new ActionImpact(actionName, action.actionId(), byRole, anyEmpty));
        });
        if (!empty.isEmpty()) {
            throw new TemplateException(empty);
        }
        return new BlastRadius(template.name(), resolved, impacts);
    }

    private static Problem emptyTarget(ExperimentTemplate template, String targetName) {
        ExperimentTarget target = template.targets().get(targetName);
        String type = target == null ? "?" : target.resourceType();
        return new Problem(template.source(),
                JsonPaths.field(JsonPaths.field(JsonPaths.ROOT, "targets"), targetName),
                "target '" + targetName + "' resolved to no " + type
                        + " resources (set experimentOptions.emptyTargetResolutionMode to 'skip' to allow this)");
    }

    /** The resources one target selects in {@code inventory}, selection mode applied. */
    public List<Resource> resolve(ExperimentTarget target, Inventory inventory) {
        List<Resource> candidates = new ArrayList<>();
        for (Resource resource : inventory.resources(target.resourceType())) {
            if (matches(target, resource)) {
                candidates.add(resource);
            }
        }
        candidates.sort(Comparator.comparing(Resource::arn));
        return select(candidates, target.selection());
    }

    private static boolean matches(ExperimentTarget target, Resource resource) {
        if (!resource.resourceType().equals(target.resourceType())) {
            return false;
        }
        if (!target.resourceArns().isEmpty() && !target.resourceArns().contains(resource.arn())) {
            return false;
        }
        for (Map.Entry<String, String> tag : target.resourceTags().entrySet()) {
            if (!tag.getValue().equals(resource.tags().get(tag.getKey()))) {
                return false;
            }
        }
        if (!matchesParameters(target.parameters(), resource)) {
            return false;
        }
        for (TargetFilter filter : target.filters()) {
            if (!filter.values().contains(resource.attribute(filter.path()))) {
                return false;
            }
        }
        return true;
    }

    /** ECS task parameters: {@code cluster} by name or ARN, {@code service} by name. */
    private static boolean matchesParameters(Map<String, String> parameters, Resource resource) {
        String cluster = parameters.get("cluster");
        if (cluster != null && !cluster.equals(resource.attribute("ClusterName"))
                && !cluster.equals(resource.attribute("ClusterArn"))) {
            return false;
        }
        String service = parameters.get("service");
        return service == null || service.equals(resource.attribute("ServiceName"));
    }

    private List<Resource> select(List<Resource> candidates, SelectionMode mode) {
        int wanted = switch (mode.kind()) {
            case ALL -> candidates.size();
            case COUNT -> Math.min(mode.n(), candidates.size());
            case PERCENT -> candidates.isEmpty() ? 0 : Math.max(1, candidates.size() * mode.n() / 100);
        };
        if (wanted >= candidates.size()) {
            return List.copyOf(candidates);
        }
        // A partial Fisher-Yates shuffle: the first `wanted` elements are a uniform random pick.
        List<Resource> pool = new ArrayList<>(candidates);
        for (int i = 0; i < wanted; i++) {
            int j = i + random.nextInt(pool.size() - i);
            Resource swap = pool.get(i);
            pool.set(i, pool.get(j));
            pool.set(j, swap);
        }
        List<Resource> picked = new ArrayList<>(pool.subList(0, wanted));
        picked.sort(Comparator.comparing(Resource::arn));
        return List.copyOf(picked);
    }
}
