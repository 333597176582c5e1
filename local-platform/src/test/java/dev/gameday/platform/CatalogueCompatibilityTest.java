package dev.gameday.platform;

import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.fault.ExperimentStatus;
import dev.gameday.chaos.fault.RunningExperiment;
import dev.gameday.chaos.resolution.BlastRadius;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.chaos.validation.ValidatedExperiment;
import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;
import dev.gameday.platform.fault.LocalFaultInjector;
import dev.gameday.platform.task.TaskInfo;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chaos module's own template catalogue, filled with the local target's parameters: every
 * template plans against the local inventory, the AZ power interruption scenario runs end to end
 * (tasks stopped, zone cut off, writer failed over, all back after), and every other template then
 * plays to completion on the same platform.
 */
class CatalogueCompatibilityTest {

    @Test
    void theCatalogueRunsOnTheLocalTarget() throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        PlatformConfig config = LocalPlatform.builder().zones(2).tasksPerZone(1).queue(false)
                .failoverDelay(Duration.ofMillis(500))
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "20", "SHOP_DB_POOL_SIZE", "2", "SHOP_HTTP_THREADS", "4"))
                .config();
        // FIS's PT2M default impairment scaled to about 2.4 s.
        try (LocalTarget target = LocalTarget.open(config, events, 0.02)) {
            Map<String, String> parameters = new LinkedHashMap<>(target.parameters());
            parameters.put("zone", "local-1a");
            TemplateCatalogue catalogue = TemplateCatalogue.classpath();
            LocalFaultInjector injector = (LocalFaultInjector) target.faultInjector();

            for (String name : catalogue.names()) {
                BlastRadius plan = injector.plan(request(catalogue, name, parameters));
                assertThat(plan.actions()).as(name).isNotEmpty();
            }

            List<String> tasksInA = target.platform().tasks().stream()
                    .filter(t -> t.zone().name().equals("local-1a")).map(TaskInfo::id).toList();
            RunningExperiment experiment = injector.start(request(catalogue, "az-power-interruption", parameters));
            await().atMost(Duration.ofSeconds(90)).until(() -> experiment.state().status().isFinal());
            assertThat(experiment.state().status()).as(String.valueOf(experiment.state().reason()))
                    .isEqualTo(ExperimentStatus.COMPLETED);

            assertThat(events.events(e -> e.type().equals("task.stopped")))
                    .extracting(e -> e.attr("task")).containsAll(tasksInA);
            assertThat(types(events, "zone.impaired")).extracting(e -> e.attr("zone")).containsExactly("local-1a");
            assertThat(types(events, "zone.restored")).extracting(e -> e.attr("zone")).containsExactly("local-1a");
            assertThat(target.platform().database().writerZone()).isEqualTo(new Zone("local-1b"));
            assertThat(target.platform().network().isImpaired(new Zone("local-1a"))).isFalse();

            HttpClient client = HttpClient.newHttpClient();
            await().atMost(Duration.ofSeconds(60)).until(() -> target.platform().service().isSteady()
                    && client.send(HttpRequest.newBuilder(URI.create(target.baseUrl() + "/products")).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
            assertThat(target.liveStatus()).contains("tasks 2/2");

            // Every other template of the catalogue plays to completion too, one after the other,
            // each on a platform back at its steady state with a synchronous standby.
            for (String name : catalogue.names()) {
                if (name.equals("az-power-interruption")) {
                    continue;
                }
                await().atMost(Duration.ofSeconds(90)).until(() -> target.platform().service().isSteady());
                target.platform().database().awaitStandby(Duration.ofSeconds(90));
                // Read again: the writer instance (dbInstance) moved with the failover above.
                Map<String, String> now = new LinkedHashMap<>(target.parameters());
                now.put("zone", "local-1a");
                RunningExperiment played = injector.start(request(catalogue, name, now));
                await(name).atMost(Duration.ofSeconds(120)).until(() -> played.state().status().isFinal());
                assertThat(played.state().status()).as(name + ": " + played.state().reason())
                        .isEqualTo(ExperimentStatus.COMPLETED);
                if (name.equals("kill-db-writer")) {
                    // Nobody asked for a failover: the cluster's own monitoring makes one.
                    await(name).atMost(Duration.ofSeconds(60)).until(() -> types(events, "db.failover.completed").stream()
                            .anyMatch(e -> "automatic".equals(e.attr("reason"))));
                }
            }
        }
    }

    private static ValidatedExperiment request(TemplateCatalogue catalogue, String name, Map<String, String> parameters) {
        return TemplateValidator.validate(catalogue.load(name), parameters);
    }

    private static List<Event> types(EventLog events, String type) {
        return events.events(e -> e.type().equals(type));
    }
}
