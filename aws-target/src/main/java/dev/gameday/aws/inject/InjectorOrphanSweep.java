package dev.gameday.aws.inject;

import dev.gameday.aws.config.InjectorSettings;
import dev.gameday.aws.fis.Harness;
import dev.gameday.core.event.EventLog;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskField;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Stops the injector tasks a harness on this host left running when it died (SIGKILL, out of
 * memory): every exit path it lived through stopped its tasks, this covers the one it did not. An
 * injector task carries its harness's host, pid and process start as tags ({@link EcsInjectorTasks});
 * one whose harness is gone from this host is stopped ({@code StopTask}). Tasks of harnesses on other
 * hosts are left alone (they end with their arrival profile), as are tasks without the tags.
 */
public final class InjectorOrphanSweep {

    private InjectorOrphanSweep() {
    }

    /** One task stopped: its ARN, the injector and run it belonged to, and why its harness counts as gone. */
    public record Stopped(String taskArn, String injector, String runId, String reason) {
    }

    /**
     * Lists the injector family's running tasks in the injector cluster ({@code ListTasks},
     * {@code DescribeTasks} with tags) and stops those whose harness is gone from this host.
     */
    public static List<Stopped> run(EcsClient ecs, InjectorSettings settings, Harness self, EventLog events) {
        List<String> arns = new ArrayList<>();
        ecs.listTasksPaginator(b -> b.cluster(settings.cluster()).family(settings.family())
                .desiredStatus(DesiredStatus.RUNNING)).taskArns().forEach(arns::add);
        List<Stopped> stopped = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += 100) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + 100));
            for (Task task : ecs.describeTasks(b -> b.cluster(settings.cluster()).tasks(batch).include(TaskField.TAGS)).tasks()) {
                Map<String, String> tags = new LinkedHashMap<>();
                task.tags().forEach(t -> tags.put(t.key(), t.value()));
                String runId = tags.get(InjectorExclusion.RUN_TAG);
                if (runId == null) {
                    continue;
                }
                tags.put(Harness.RUN_ID_TAG, runId);
                Optional<String> gone = Harness.fromTags(tags).flatMap(owner -> owner.goneFrom(self));
                if (gone.isEmpty()) {
                    continue;
                }
                String why = "gameday: injector left running by run " + runId + ": " + gone.get();
                ecs.stopTask(b -> b.cluster(settings.cluster()).task(task.taskArn())
                        .reason(why.length() > 255 ? why.substring(0, 255) : why));
                Stopped s = new Stopped(task.taskArn(), tags.getOrDefault(InjectorExclusion.INJECTOR_TAG, "?"), runId,
                        gone.get());
                events.emit("injectors", "injector.orphan-stopped", Map.of("task", s.taskArn(), "injector", s.injector(),
                        "runId", runId, "reason", s.reason()));
                stopped.add(s);
            }
        }
        return stopped;
    }
}
