package dev.gameday.simulation.journey;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gameday.core.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a run learns from, and prepares in, the shop before the first shopper arrives: the
 * catalogue (product ids, categories, search words) and a pool of registered shopper accounts.
 * Done with the JDK's HTTP client, outside Gatling, so that the setup is not counted as traffic.
 * A shop that cannot be reached yields fallback data, so the run still goes ahead and records
 * its failures instead of refusing to start.
 *
 * @param productIds  product ids to visit
 * @param categories  category names to list
 * @param searchWords words that occur in product names
 * @param shoppers    registered accounts (or accounts that could not be registered, when the shop is down)
 * @param reachable   whether the shop answered the catalogue requests
 */
public record ShopFixtures(List<Long> productIds, List<String> categories, List<String> searchWords,
                           List<Shopper> shoppers, boolean reachable) {

    private static final Logger LOG = LoggerFactory.getLogger(ShopFixtures.class);
    private static final ObjectMapper JSON = Json.mapper();
    /** Product pages read at start: enough ids to spread visits, few enough to start fast. */
    private static final int CATALOGUE_PAGES = 3;
    private static final int PAGE_SIZE = 100;

    /**
     * A shopper account.
     *
     * @param email    the login
     * @param password the password
     */
    public record Shopper(String email, String password) {
    }

    public ShopFixtures {
        productIds = List.copyOf(productIds);
        categories = List.copyOf(categories);
        searchWords = List.copyOf(searchWords);
        shoppers = List.copyOf(shoppers);
        if (productIds.isEmpty() || categories.isEmpty() || searchWords.isEmpty() || shoppers.isEmpty()) {
            throw new IllegalArgumentException("fixtures need at least one product, category, search word and shopper");
        }
    }

    /**
     * Reads the catalogue and registers {@code shopperCount} shoppers named after {@code runTag}
     * (registered concurrently; an already registered e-mail is fine).
     */
    public static ShopFixtures prepare(URI baseUrl, int shopperCount, String runTag, Duration timeout) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(timeout).build();
        List<Long> ids = new ArrayList<>();
        Set<String> categories = new LinkedHashSet<>();
        Set<String> words = new LinkedHashSet<>();
        boolean reachable = true;
        try {
            JsonNode cats = get(client, at(baseUrl, "/categories"), timeout);
            cats.path("items").forEach(c -> categories.add(c.isTextual() ? c.asText() : c.path("name").asText()));
            for (int page = 0; page < CATALOGUE_PAGES; page++) {
                JsonNode products = get(client, at(baseUrl, "/products?page=" + page + "&size=" + PAGE_SIZE), timeout);
                JsonNode items = products.path("items");
                items.forEach(p -> {
                    ids.add(p.path("id").asLong());
                    categories.add(p.path("category").asText());
                    for (String w : p.path("name").asText().toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
                        if (w.length() >= 3) {
                            words.add(w);
                        }
                    }
                });
                if (items.size() < PAGE_SIZE) {
                    break;
                }
            }
        } catch (Exception e) {
            reachable = false;
            LOG.warn("cannot read the catalogue at {} ({}); shoppers will visit products 1..100", baseUrl, e.toString());
        }
        categories.removeIf(String::isBlank);
        if (ids.isEmpty()) {
            for (long id = 1; id <= 100; id++) {
                ids.add(id);
            }
        }
        if (categories.isEmpty()) {
            categories.add("books");
        }
        if (words.isEmpty()) {
            words.add("the");
        }
        List<Shopper> shoppers = new ShopAccounts(client, baseUrl, runTag, timeout).registerFirst(shopperCount);
        return new ShopFixtures(ids, List.copyOf(categories), List.copyOf(words), shoppers, reachable);
    }

    /**
     * The password of a synthetic shopper account, derived from its e-mail: these accounts guard
     * nothing, and whoever audits a run (a test, an operator) can log in as the shopper the
     * ledger names to read its orders.
     */
    public static String passwordOf(String email) {
        return "pw-" + email.substring(0, Math.max(0, email.indexOf('@')));
    }

    /** {@code base} + {@code path}, keeping a path prefix in the base as Gatling's baseUrl does. */
    static URI at(URI base, String path) {
        return URI.create(base.toString().replaceAll("/+$", "") + path);
    }

    private static JsonNode get(HttpClient client, URI uri, Duration timeout) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(timeout).header("Accept", "application/json").GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + uri + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot write JSON for " + value, e);
        }
    }
}
