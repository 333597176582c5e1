package dev.gameday.aws.history;

import dev.gameday.aws.client.ReadCallCounter;
import dev.gameday.core.event.Event;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.ServiceEvent;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ECS service's own event messages over a window, from {@code DescribeServices} (one call:
 * ECS keeps the service's latest 100 events, so a window older than those reads what is left).
 * Messages the recovery rules use become the events the local platform emits:
 * <ul>
 *   <li>"(service S) has started N tasks: (task T) …" → {@code task.started} per task;</li>
 *   <li>"(service S) has stopped N running tasks: (task T) …" → {@code task.stopped} per task;</li>
 *   <li>"(service S) (task T) (port P) is unhealthy in (target-group G) due to (reason R)" →
 *       {@code target.unhealthy};</li>
 *   <li>"(service S) has reached a steady state." → {@code service.steady};</li>
 * </ul>
 * any other message becomes {@code service.event} with the message. Each keeps ECS's event {@code id}.
 */
final class EcsServiceEvents {

    private static final Pattern STARTED = Pattern.compile("has started \\d+ tasks?:(.*)");
    private static final Pattern STOPPED = Pattern.compile("has stopped \\d+ running tasks?:(.*)");
    private static final Pattern TASK = Pattern.compile("\\(task ([^)\\s]+)\\)");
    private static final Pattern UNHEALTHY = Pattern.compile(
            "\\(task ([^)\\s]+)\\).* is unhealthy in \\(target-group ([^)\\s]+)\\)(?: due to \\(reason (.*)\\))?");
    private static final String STEADY = "has reached a steady state";

    private final EcsClient ecs;
    private final String cluster;
    private final String service;

    EcsServiceEvents(EcsClient ecs, String cluster, String service) {
        this.ecs = ecs;
        this.cluster = cluster;
        this.service = service;
    }

    List<Event> read(Instant start, Instant end) {
        DescribeServicesResponse response = ecs.describeServices(b -> b.cluster(cluster).services(service)
                .overrideConfiguration(o -> o.putExecutionAttribute(ReadCallCounter.COUNTED, true)));
        if (!response.hasServices() || response.services().isEmpty()) {
            String why = response.failures().isEmpty() ? "no such service"
                    : response.failures().get(0).reason() + " " + response.failures().get(0).arn();
            throw new IllegalStateException("ECS service " + service + " in cluster " + cluster + ": " + why);
        }
        List<ServiceEvent> inWindow = new ArrayList<>(response.services().get(0).events().stream()
                .filter(e -> e.createdAt() != null && e.message() != null)
                .filter(e -> !e.createdAt().isBefore(start) && !e.createdAt().isAfter(end))
                .toList());
        inWindow.sort(Comparator.comparing(ServiceEvent::createdAt)); // ECS lists the newest first
        List<Event> out = new ArrayList<>();
        inWindow.forEach(e -> out.addAll(toEvents(e)));
        return out;
    }

    private List<Event> toEvents(ServiceEvent e) {
        String message = e.message();
        List<Event> out = new ArrayList<>();
        String type = null;
        String tasks = null;
        Matcher started = STARTED.matcher(message);
        Matcher stopped = STOPPED.matcher(message);
        if (started.find()) {
            type = "task.started";
            tasks = started.group(1);
        } else if (stopped.find()) {
            type = "task.stopped";
            tasks = stopped.group(1);
        }
        Matcher unhealthy = UNHEALTHY.matcher(message);
        if (type != null) {
            Matcher task = TASK.matcher(tasks);
            while (task.find()) {
                Map<String, Object> attrs = attrs(e);
                attrs.put("task", task.group(1));
                out.add(new Event(e.createdAt(), PlatformHistory.ECS, type, attrs));
            }
        } else if (unhealthy.find()) {
            Map<String, Object> attrs = attrs(e);
            attrs.put("task", unhealthy.group(1));
            attrs.put("targetGroup", unhealthy.group(2));
            if (unhealthy.group(3) != null) {
                attrs.put("reason", unhealthy.group(3));
            }
            out.add(new Event(e.createdAt(), PlatformHistory.ECS, "target.unhealthy", attrs));
        } else if (message.contains(STEADY)) {
            out.add(new Event(e.createdAt(), PlatformHistory.ECS, "service.steady", attrs(e)));
        } else {
            Map<String, Object> attrs = attrs(e);
            attrs.put("message", message);
            out.add(new Event(e.createdAt(), PlatformHistory.ECS, "service.event", attrs));
        }
        return out;
    }

    private Map<String, Object> attrs(ServiceEvent e) {
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("cluster", cluster);
        attrs.put("service", service);
        if (e.id() != null) {
            attrs.put("id", e.id());
        }
        return attrs;
    }
}
