package dev.gameday.platform.service;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.task.TaskInfo;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ECS's replacement of tasks that fail the load balancer's health checks, with real parts: shop
 * tasks as child JVMs, embedded PostgreSQL, real health checks. A task is made unhealthy by
 * blackholing the load balancer's edge to it, so its health checks time out while it runs on.
 */
class UnhealthyTaskReplacementTest {

    private static final Map<String, String> SMALL_SHOP = Map.of("SHOP_SEED_PRODUCTS", "10", "SHOP_DB_POOL_SIZE", "2",
            "SHOP_HTTP_THREADS", "4");

    @Test
    void withHeadroomEveryUnhealthyTaskIsStoppedOnlyAfterItsReplacementIsHealthy() {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (LocalPlatform platform = LocalPlatform.builder().zones(2).tasksPerZone(1).queue(false).standby(false)
                .taskEnvironment(SMALL_SHOP).eventLog(events).start()) {
            assertThat(platform.service().deployment()).isEqualTo(DeploymentConfiguration.defaults());
            List<TaskInfo> before = platform.tasks();
            int mark = events.events().size();
            // Every target fails its health checks at once, as on an overloaded host.
            before.forEach(t -> platform.service().ingress(t.id()).orElseThrow().blackhole());

            await().atMost(Duration.ofSeconds(120)).until(() -> before.stream().allMatch(t -> !stopped(events, t.id()).isEmpty())
                    && platform.service().isSteady());

            for (TaskInfo old : before) {
                Event unhealthy = first(events, e -> e.type().equals("target.unhealthy") && old.id().equals(e.attr("task")));
                Event oldStopping = only(events, e -> e.type().equals("task.stopping") && old.id().equals(e.attr("task")));
                List<Event> replacements = events.events(e -> e.type().equals("task.started")
                        && ("replacement for unhealthy task " + old.id()).equals(e.attr("reason")));
                assertThat(replacements).as("replacements of %s", old.id()).isNotEmpty()
                        .allSatisfy(r -> assertThat(index(events, r)).isGreaterThan(index(events, unhealthy)));
                // The unhealthy task stopped only after one of its replacements was a healthy target.
                assertThat(replacements).as("a replacement of %s healthy before it stops; events %s", old.id(), events.events())
                        .anySatisfy(r -> assertThat(events.events(e -> e.type().equals("target.healthy")
                                && r.attr("task").equals(e.attr("task")) && index(events, e) < index(events, oldStopping)))
                                .isNotEmpty());
                assertThat(stopped(events, old.id()).get(0).attr("reason"))
                        .isEqualTo("(service shop) task " + old.id() + " failed ELB health checks in (target-group "
                                + platform.targetGroup().name() + ")");
            }
            // minimumHealthyPercent 100 %: never fewer than the desired two running.
            assertThat(fewestRunningSince(events, mark)).isEqualTo(2);
            assertThat(platform.tasks()).hasSize(2).extracting(TaskInfo::id).doesNotContainAnyElementsOf(
                    before.stream().map(TaskInfo::id).toList());
            assertThat(platform.tasks()).extracting(t -> t.zone().name()).containsExactlyInAnyOrder("local-1a", "local-1b");
        }
    }

    @Test
    void withoutHeadroomUnhealthyTasksAreStoppedOneByOneWithinMinimumHealthyPercent() {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        try (LocalPlatform platform = LocalPlatform.builder().zones(2).tasksPerZone(1).queue(false).standby(false)
                .deployment(new DeploymentConfiguration(50, 100))
                .taskEnvironment(SMALL_SHOP).eventLog(events).start()) {
            List<TaskInfo> before = platform.tasks();
            int mark = events.events().size();
            before.forEach(t -> platform.service().ingress(t.id()).orElseThrow().blackhole());

            await().atMost(Duration.ofSeconds(120)).until(() -> before.stream().allMatch(t -> !stopped(events, t.id()).isEmpty())
                    && platform.service().isSteady());

            // maximumPercent 100 % leaves no room to start first: the first stop comes before any replacement.
            List<Event> stopping = events.events(e -> e.type().equals("task.stopping")).stream()
                    .filter(e -> index(events, e) >= mark).toList();
            List<Event> started = events.events(e -> e.type().equals("task.started")).stream()
                    .filter(e -> index(events, e) >= mark).toList();
            assertThat(started).hasSizeGreaterThanOrEqualTo(2);
            assertThat(index(events, stopping.get(0))).isLessThan(index(events, started.get(0)));
            // One by one: the second unhealthy task stops only after a new task has started (the first
            // one's slot refilled; that task may count as the second one's replacement).
            assertThat(index(events, stopping.get(1))).isGreaterThan(index(events, started.get(0)));
            // minimumHealthyPercent 50 % of 2: one task may go, never both.
            assertThat(fewestRunningSince(events, mark)).isEqualTo(1);
            assertThat(platform.tasks()).hasSize(2);
        }
    }

    private static List<Event> stopped(EventLog events, String taskId) {
        return events.events(e -> e.type().equals("task.stopped") && taskId.equals(e.attr("task")));
    }

    private static Event only(EventLog events, Predicate<Event> which) {
        List<Event> found = events.events(which);
        assertThat(found).as("events matching; all events: %s", events.events()).hasSize(1);
        return found.get(0);
    }

    private static Event first(EventLog events, Predicate<Event> which) {
        List<Event> found = events.events(which);
        assertThat(found).as("events matching; all events: %s", events.events()).isNotEmpty();
        return found.get(0);
    }

    private static int index(EventLog events, Event event) {
        return events.events().indexOf(event);
    }

    /**
     * The fewest tasks in RUNNING from event {@code mark} on, replayed from the event order: a task
     * counts from {@code task.started} until {@code task.stopping} (or {@code task.stopped}).
     */
    private static int fewestRunningSince(EventLog events, int mark) {
        Set<Object> running = new HashSet<>();
        int fewest = Integer.MAX_VALUE;
        List<Event> all = events.events();
        for (int i = 0; i < all.size(); i++) {
            Event e = all.get(i);
            switch (e.type()) {
                case "task.started" -> running.add(e.attr("task"));
                case "task.stopping", "task.stopped" -> running.remove(e.attr("task"));
                default -> {
                    continue;
                }
            }
            if (i >= mark) {
                fewest = Math.min(fewest, running.size());
            }
        }
        return fewest;
    }
}
