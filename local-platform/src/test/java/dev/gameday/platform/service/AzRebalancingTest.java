package dev.gameday.platform.service;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ECS Availability Zone rebalancing with real tasks: a task lost while its zone is cut off is
 * replaced in the other zone, and once the zone is back the service moves one task home —
 * start first, stop the surplus once the new task is healthy — and says so in its events.
 */
class AzRebalancingTest {

    private static final Map<String, String> SMALL_SHOP = Map.of("SHOP_SEED_PRODUCTS", "10", "SHOP_DB_POOL_SIZE", "2",
            "SHOP_HTTP_THREADS", "4");

    @Test
    void tasksReplacedDuringAZoneOutageMoveBackOnceTheZoneIsHealthy() {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        Zone a = new Zone("local-1a");
        try (LocalPlatform platform = LocalPlatform.builder().zones(2).tasksPerZone(1).queue(false).standby(false)
                .taskEnvironment(SMALL_SHOP).eventLog(events).start()) {
            TaskInfo inA = platform.tasks().stream().filter(t -> t.zone().equals(a)).findFirst().orElseThrow();
            platform.network().impair(a);
            platform.service().stopTask(inA.id(), "zone lost").join();
            await().atMost(Duration.ofSeconds(90)).until(() -> platform.service().isSteady());
            assertThat(platform.tasks()).extracting(t -> t.zone().name()).containsOnly("local-1b");
            assertThat(events.events(e -> e.type().equals("service.rebalancing.started")))
                    .as("no move while the only other zone is impaired").isEmpty();

            platform.network().restore(a);
            await().atMost(Duration.ofSeconds(90)).until(() -> platform.service().isSteady()
                    && platform.tasks().size() == 2 && platform.tasks().stream().anyMatch(t -> t.zone().equals(a)));

            assertThat(platform.tasks()).as("tasks; events %s", events.events()).extracting(t -> t.zone().name())
                    .containsExactlyInAnyOrder("local-1a", "local-1b");
            Event started = only(events, "service.rebalancing.started");
            assertThat(started.attrs()).containsEntry("local-1a", 0L).containsEntry("local-1b", 2L);
            Event moved = only(events, "task.stopped", ServiceScheduler.REBALANCED);
            assertThat(moved.attr("zone")).isEqualTo("local-1b");
            List<Event> movedIn = events.events(e -> e.type().equals("task.started")
                    && ("AZ rebalancing, moves task " + moved.attr("task")).equals(e.attr("reason")));
            assertThat(movedIn).hasSize(1).first().satisfies(e -> assertThat(e.attr("zone")).isEqualTo("local-1a"));
            await().atMost(Duration.ofSeconds(10)).until(() ->
                    !events.events(e -> e.type().equals("service.rebalancing.completed")).isEmpty());
            assertThat(only(events, "service.rebalancing.completed").attrs())
                    .containsEntry("local-1a", 1L).containsEntry("local-1b", 1L);
        }
    }

    private static Event only(EventLog events, String type) {
        List<Event> found = events.events(e -> e.type().equals(type));
        assertThat(found).as("%s in %s", type, events.events()).hasSize(1);
        return found.get(0);
    }

    private static Event only(EventLog events, String type, String reason) {
        List<Event> found = events.events(e -> e.type().equals(type) && reason.equals(e.attr("reason")));
        assertThat(found).as("%s (%s) in %s", type, reason, events.events()).hasSize(1);
        return found.get(0);
    }
}
