import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.Journey;
import dev.gameday.simulation.journey.ShopFixtures;
import dev.gameday.simulation.journey.ThinkPause;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.runner.SimulationContext;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.exitHere;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.percent;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;

/**
 * The baseline of bench/injector: the same three journeys, mix, think times, requests, arrival
 * profile and checkout polling as {@code ShopperSimulation}, written as plain Gatling — no client
 * recorder, no order ledger, no stop switch. Journeys end as ours do: a watcher user says when
 * arrivals are over (5 s after the last, {@code ShopperSimulation}'s grace, polling every 250 ms as
 * its stop watch does) and journeys leave within a second of it, mid-think ({@code ThinkPause}), and
 * stop polling order status.
 * Runs through {@code GatlingRunner} so both share the engine set-up; configured by
 * {@link SimulationContext#current()}.
 */
public class PlainShopperSimulation extends Simulation {

    private final SimulationContext context = SimulationContext.current();
    private final AtomicReference<ShopFixtures> fixtures = new AtomicReference<>();
    private final ThinkTime thinkTime = context.thinkTime();

    public PlainShopperSimulation() {
        HttpProtocolBuilder protocol = http
                .baseUrl(context.baseUrl().toString().replaceAll("/+$", ""))
                .acceptHeader("application/json")
                .contentTypeHeader("application/json")
                .userAgentHeader("gameday-shopper")
                .disableWarmUp();
        Map<Journey, Double> weights = context.mix().weights();
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        ScenarioBuilder shoppers = scenario("shoppers")
                .exec(session -> session.set("token", "none"))
                .randomSwitch().on(
                        percent(100 * weights.getOrDefault(Journey.BROWSER, 0.0) / total).then(browser()),
                        percent(100 * weights.getOrDefault(Journey.CART_ABANDONER, 0.0) / total).then(cartAbandoner()),
                        percent(100 * weights.getOrDefault(Journey.BUYER, 0.0) / total).then(buyer()));
        long injectionNanos = context.profile().injectionDuration().toNanos();
        ScenarioBuilder arrivalsWatch = scenario("arrivals-watch")
                .exec(session -> session.set("until", System.nanoTime() + injectionNanos))
                .asLongAs(session -> System.nanoTime() < session.getLong("until"))
                .on(pause(Duration.ofMillis(250)))
                .exec(session -> session.set("graceUntil", System.nanoTime() + Duration.ofSeconds(5).toNanos()))
                .asLongAs(session -> !context.journeysEnding() && System.nanoTime() < session.getLong("graceUntil"))
                .on(pause(Duration.ofMillis(250)))
                .exec(session -> {
                    context.arrivalsEnded();
                    return session;
                });
        setUp(shoppers.injectOpen(injection(context.profile())).protocols(protocol),
                arrivalsWatch.injectOpen(atOnceUsers(1)).protocols(protocol))
                .maxDuration(context.profile().maxDuration());
    }

    @Override
    public void before() {
        fixtures.set(ShopFixtures.prepare(context.baseUrl(), context.shoppers(), "plain" + System.currentTimeMillis(),
                context.requestTimeout()));
    }

    static OpenInjectionStep[] injection(LoadProfile profile) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        for (LoadProfile.Stage stage : profile.playedStages()) {
            if (stage.fromRate() == 0 && stage.toRate() == 0) {
                steps.add(nothingFor(stage.duration()));
            } else if (stage.constant()) {
                steps.add(constantUsersPerSec(stage.fromRate()).during(stage.duration()).randomized());
            } else {
                steps.add(rampUsersPerSec(stage.fromRate()).to(stage.toRate()).during(stage.duration()).randomized());
            }
        }
        return steps.toArray(OpenInjectionStep[]::new);
    }

    private ChainBuilder pickProduct() {
        return exec(session -> {
            List<Long> ids = fixtures.get().productIds();
            List<String> categories = fixtures.get().categories();
            ThreadLocalRandom r = ThreadLocalRandom.current();
            return session.set("productId", ids.get(r.nextInt(ids.size())))
                    .set("category", categories.get(r.nextInt(categories.size())))
                    .set("page", r.nextInt(3))
                    .set("quantity", 1 + r.nextInt(3));
        });
    }

    private ChainBuilder think() {
        // The same draw as ShopperSimulation, so the pair differs only by the recorder and the ledger.
        return exec(ThinkPause.of(thinkTime, context::journeysEnding))
                .doIf(session -> context.journeysEnding()).then(exitHere());
    }

    private ChainBuilder browser() {
        return exec(http("categories").get("/categories")).exec(think())
                .exec(pickProduct()).exec(productList()).exec(think())
                .exec(session -> session.set("views", 1 + ThreadLocalRandom.current().nextInt(3)))
                .repeat("#{views}").on(exec(pickProduct()).exec(product()).exec(think()))
                .exec(session -> {
                    List<String> words = fixtures.get().searchWords();
                    return session.set("q", words.get(ThreadLocalRandom.current().nextInt(words.size())));
                })
                .exec(http("search").get("/products").queryParam("q", "#{q}").queryParam("size", "20")).exec(think())
                .exec(product());
    }

    private ChainBuilder cartAbandoner() {
        return exec(login()).exec(think())
                .exec(pickProduct()).exec(productList()).exec(think())
                .exec(session -> session.set("items", 1 + ThreadLocalRandom.current().nextInt(3)))
                .repeat("#{items}").on(exec(pickProduct()).exec(product()).exec(think()).exec(cartAdd()).exec(think()))
                .exec(http("cart view").get("/cart").header("Authorization", "Bearer #{token}"));
    }

    private ChainBuilder buyer() {
        CheckoutPolicy policy = context.checkout();
        return exec(cartAbandoner()).exec(think())
                .exec(session -> session.set("key", UUID.randomUUID().toString()).remove("orderId"))
                .exec(http("checkout").post("/orders").header("Authorization", "Bearer #{token}")
                        .header("Idempotency-Key", "#{key}").body(StringBody("{}"))
                        .check(jsonPath("$.id").saveAs("orderId")))
                .doIf(session -> session.contains("orderId")).then(
                        exec(session -> session.set("polls", 0).set("orderStatus", ""))
                                .asLongAs(session -> !"FULFILLED".equals(session.getString("orderStatus"))
                                        && session.getInt("polls") < policy.statusPolls() && !context.journeysEnding())
                                .on(pause(policy.pollMin(), policy.pollMax())
                                        .exec(http("order status").get("/orders/#{orderId}")
                                                .header("Authorization", "Bearer #{token}")
                                                .check(jsonPath("$.status").saveAs("orderStatus")))
                                        .exec(session -> session.set("polls", session.getInt("polls") + 1))));
    }

    private ChainBuilder productList() {
        return exec(http("products").get("/products").queryParam("category", "#{category}")
                .queryParam("page", "#{page}").queryParam("size", "20"));
    }

    private ChainBuilder product() {
        return exec(http("product").get("/products/#{productId}"));
    }

    private ChainBuilder login() {
        return exec(session -> {
            var shoppers = fixtures.get().shoppers();
            var s = shoppers.get(ThreadLocalRandom.current().nextInt(shoppers.size()));
            return session.set("email", s.email()).set("password", s.password());
        }).exec(http("login").post("/auth/login")
                // Synthetic e-mails and passwords hold no characters that need JSON escaping.
                .body(StringBody(session -> "{\"email\":\"" + session.getString("email")
                        + "\",\"password\":\"" + session.getString("password") + "\"}"))
                .check(jsonPath("$.token").saveAs("token")));
    }

    private ChainBuilder cartAdd() {
        return exec(http("cart add").put("/cart/items/#{productId}").header("Authorization", "Bearer #{token}")
                .body(StringBody(session -> "{\"quantity\":" + session.getInt("quantity") + "}")));
    }
}
