package dev.gameday.orchestration;

import dev.gameday.core.event.Event;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of a target's start-up, read from the events it emitted while it opened: on the local
 * platform the database writer, the queue, the load balancer, each task from launch to ready and to
 * its first healthy check, and the standby. A target that emits none of them (AWS) has no parts.
 */
final class StartupParts {

    private static final String STEP = "target open / ";

    private StartupParts() {
    }

    /** Records, under {@code target open}, every part whose events fall in {@code [start, end]}. */
    static void record(List<Event> events, Instant start, Instant end, RunSteps steps) {
        List<Event> during = events.stream()
                .filter(e -> !e.ts().isBefore(start) && !e.ts().isAfter(end)).toList();
        Instant began = first(during, "platform.starting").orElse(start);
        Optional<Instant> writer = first(during, "db.writer.ready");
        Optional<Instant> queue = first(during, "queue.ready");
        writer.ifPresent(at -> steps.record(STEP + "database writer", began, at));
        queue.ifPresent(at -> steps.record(STEP + "queue", began, at));
        // The load balancer starts once the writer and the queue are up.
        Instant beforeBalancer = later(writer.orElse(began), queue.orElse(began));
        first(during, "loadbalancer.ready").ifPresent(at -> steps.record(STEP + "load balancer", beforeBalancer, at));
        Map<String, Instant> launched = new HashMap<>();
        Map<String, Instant> ready = new HashMap<>();
        for (Event e : during) {
            String task = String.valueOf(e.attrs().get("task"));
            String name = "task " + e.attrs().get("zone") + " " + task.substring(0, Math.min(8, task.length()));
            switch (e.type()) {
                case "task.launched" -> launched.put(task, e.ts());
                case "task.started" -> {
                    if (launched.containsKey(task)) {
                        steps.record(STEP + name + " launched to ready", launched.get(task), e.ts());
                    }
                    ready.put(task, e.ts());
                }
                case "target.healthy" -> {
                    if (ready.containsKey(task)) {
                        steps.record(STEP + name + " ready to healthy", ready.get(task), e.ts());
                    }
                }
                default -> {
                }
            }
        }
        writer.ifPresent(w -> first(during, "db.standby.ready").ifPresent(at -> steps.record(STEP + "standby", w, at)));
    }

    private static Optional<Instant> first(List<Event> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Event::ts).findFirst();
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
