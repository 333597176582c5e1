package dev.gameday.simulation.journey;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Where the simulation's shopper accounts come from: it registers them at the shop
 * ({@code POST /users}), named after the run ({@code shopper-<runTag>-<n>@gameday.test}) so that
 * runs against one shop never meet each other's accounts. The accounts registered before the
 * traffic are registered outside Gatling and not counted as traffic; accounts added during the
 * run ({@link ShopperPool}) are signed up by their journeys. An account that already exists
 * ({@code 409}) is fine.
 */
final class ShopAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(ShopAccounts.class);
    private static final int REGISTRATION_BATCH = 16;

    private final HttpClient client;
    private final URI baseUrl;
    private final String runTag;
    private final Duration timeout;

    ShopAccounts(HttpClient client, URI baseUrl, String runTag, Duration timeout) {
        this.client = client;
        this.baseUrl = baseUrl;
        this.runTag = runTag;
        this.timeout = timeout;
    }

    /** The account with this index of the run tagged {@code runTag} (registered or not). */
    static ShopFixtures.Shopper account(String runTag, int index) {
        String email = "shopper-" + runTag + "-" + index + "@gameday.test";
        return new ShopFixtures.Shopper(email, ShopFixtures.passwordOf(email));
    }

    /** The body of {@code POST /users} that signs this account up. */
    static String signUpBody(ShopFixtures.Shopper s) {
        return ShopFixtures.json(Map.of("email", s.email(), "password", s.password(), "name", s.email()));
    }

    /**
     * Registers accounts {@code 0 … count-1}, a batch at a time; stops early when the shop is down
     * (the accounts are still returned: their logins will fail, as the shop's failure).
     */
    List<ShopFixtures.Shopper> registerFirst(int count) {
        List<ShopFixtures.Shopper> shoppers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            shoppers.add(account(runTag, i));
        }
        int registered = 0;
        String firstProblem = null;
        // A few at a time: all at once would open one connection each and swamp a small shop.
        for (int from = 0; from < count; from += REGISTRATION_BATCH) {
            List<CompletableFuture<HttpResponse<String>>> replies = new ArrayList<>();
            for (ShopFixtures.Shopper s : shoppers.subList(from, Math.min(count, from + REGISTRATION_BATCH))) {
                replies.add(client.sendAsync(request(s), HttpResponse.BodyHandlers.ofString()));
            }
            for (CompletableFuture<HttpResponse<String>> reply : replies) {
                String problem = problem(reply);
                if (problem == null) {
                    registered++;
                } else if (firstProblem == null) {
                    firstProblem = problem;
                }
            }
            if (registered == 0 && firstProblem != null) {
                break; // the shop is down: the rest would fail the same way, only slower
            }
        }
        if (registered < count) {
            LOG.warn("registered {} of {} shoppers at {} (first problem: {}); the others will fail to log in",
                    registered, count, baseUrl, firstProblem);
        } else {
            LOG.info("registered {} shoppers at {}", count, baseUrl);
        }
        return shoppers;
    }

    private HttpRequest request(ShopFixtures.Shopper s) {
        return HttpRequest.newBuilder(ShopFixtures.at(baseUrl, "/users")).timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(signUpBody(s))).build();
    }

    /** {@code null} when the account exists now, otherwise what went wrong. */
    private static String problem(CompletableFuture<HttpResponse<String>> reply) {
        try {
            int status = reply.join().statusCode();
            return status == 201 || status == 409 ? null : "HTTP " + status;
        } catch (RuntimeException e) {
            return String.valueOf(e.getCause() == null ? e : e.getCause());
        }
    }
}
