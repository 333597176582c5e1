import dev.gameday.simulation.runner.SimulationContext;
import io.gatling.javaapi.core.Simulation;

import java.util.concurrent.ThreadLocalRandom;

import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * bench/injector's rate ladder: plain Gatling, one {@code GET /products/{id}} per arriving user
 * (open model, the context's profile), no recorder. Gatling's own response-time percentiles for
 * it against a stub are the injector's latency floor at that arrival rate.
 */
public class ProductReadSimulation extends Simulation {

    public ProductReadSimulation() {
        SimulationContext context = SimulationContext.current();
        setUp(scenario("read")
                .exec(session -> session.set("id", 1 + ThreadLocalRandom.current().nextInt(1000)))
                .exec(http("product").get("/products/#{id}"))
                .injectOpen(PlainShopperSimulation.injection(context.profile()))
                .protocols(http.baseUrl(context.baseUrl().toString().replaceAll("/+$", ""))
                        .acceptHeader("application/json").disableWarmUp()))
                .maxDuration(context.profile().maxDuration());
    }
}
