package dev.gameday.aws.inject;

import dev.gameday.aws.config.InjectorSettings;
import dev.gameday.aws.inventory.AwsInventory;
import dev.gameday.chaos.resolution.Inventory;
import dev.gameday.chaos.resolution.Resource;
import dev.gameday.chaos.resolution.TargetResolver;
import dev.gameday.chaos.template.ExperimentTarget;
import dev.gameday.chaos.template.ExperimentTemplate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Keeps the shoppers' own injectors out of every blast radius: an experiment that would stop, stress
 * or cut an injector task measures the harness, not the shop. A template is refused when any of its
 * {@code aws:ecs:task} targets, resolved as FIS resolves it but with every candidate kept (whatever
 * its selection mode picks at random), includes an injector task — one running now (listed by the
 * injector task definition's family), or one the game day is about to start ({@link #planned}, so a
 * {@code plan} refuses before any task exists).
 */
public final class InjectorExclusion {

    /** The tag every injector task carries (its id); {@code EcsInjectorTasks} sets it. */
    public static final String INJECTOR_TAG = "gameday:injector";
    /** The tag naming the run an injector task belongs to. */
    public static final String RUN_TAG = "gameday:run";

    private InjectorExclusion() {
    }

    /**
     * The tasks {@code injectors} injectors would be, placed as the fleet places them (injector
     * {@code i} in zone {@code i mod zones}), as FIS would describe them: in the injector cluster, of
     * no service, tagged as injectors. Their ARNs name the injector, not a real task id.
     */
    public static List<Resource> planned(InjectorSettings settings, String region, String account, int injectors) {
        List<String> zones = settings.zones();
        List<Resource> out = new ArrayList<>();
        for (int i = 1; i <= injectors; i++) {
            String id = "inj-" + i;
            String clusterArn = "arn:aws:ecs:" + region + ":" + account + ":cluster/" + settings.cluster();
            Map<String, String> attributes = new LinkedHashMap<>();
            attributes.put("AvailabilityZone", zones.get((i - 1) % zones.size()));
            attributes.put("ClusterName", settings.cluster());
            attributes.put("ClusterArn", clusterArn);
            attributes.put("TaskId", "<" + id + ">");
            out.add(new Resource("arn:aws:ecs:" + region + ":" + account + ":task/" + settings.cluster() + "/<" + id + ">",
                    AwsInventory.ECS_TASK, Map.of(INJECTOR_TAG, id, RUN_TAG, "<run>"), attributes));
        }
        return out;
    }

    /**
     * Refuses {@code template} when one of its ECS task targets resolves to one of {@code injectorTasks}.
     *
     * @throws IllegalArgumentException naming the template, the target's key and the injector task
     */
    public static void refuse(ExperimentTemplate template, List<Resource> injectorTasks, String family) {
        if (injectorTasks.isEmpty()) {
            return;
        }
        Inventory injectors = Inventory.of(injectorTasks);
        TargetResolver resolver = new TargetResolver(new SplittableRandom(0));
        for (Map.Entry<String, ExperimentTarget> e : template.targets().entrySet()) {
            ExperimentTarget target = e.getValue();
            if (!target.resourceType().equals(AwsInventory.ECS_TASK)) {
                continue;
            }
            ExperimentTarget everyCandidate = new ExperimentTarget(target.resourceType(), target.resourceArns(),
                    target.resourceTags(), target.filters(), target.parameters(), "ALL");
            List<Resource> hit = resolver.resolve(everyCandidate, injectors);
            if (!hit.isEmpty()) {
                Resource task = hit.get(0);
                throw new IllegalArgumentException(template.source() + ": target '" + e.getKey() + "' (" + target.resourceType()
                        + ") resolves to injector task " + task.arn() + " (injector "
                        + Objects.requireNonNullElse(task.tags().get(INJECTOR_TAG), "?") + ", task definition family "
                        + family + (hit.size() > 1 ? ", and " + (hit.size() - 1) + " more" : "") + "): the shoppers'"
                        + " injectors must stay out of the blast radius — select the shop's tasks by the service"
                        + " parameter, or by tags or filters the injector tasks do not match");
            }
        }
    }
}
