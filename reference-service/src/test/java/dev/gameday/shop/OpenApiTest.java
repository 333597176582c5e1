package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gameday.shop.http.Route;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Keeps {@code /openapi.yaml} true: every route the server knows is documented, and nothing else. */
class OpenApiTest {

    @Test
    void the_served_document_lists_exactly_the_routes_the_server_knows() throws Exception {
        try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
             Shop shop = Shop.start(ShopConfig.builder(pg.getJdbcUrl("postgres", "postgres"), "postgres", "")
                     .seedProducts(0).build())) {
            Http.Reply reply = new Http(shop.baseUrl()).get("/openapi.yaml", null);
            assertThat(reply.status()).isEqualTo(200);
            assertThat(reply.body()).startsWith("openapi: 3.");

            Set<String> served = new HashSet<>();
            for (Route r : shop.routes()) {
                served.add(r.label());
            }
            assertThat(documented(reply.body())).containsExactlyInAnyOrderElementsOf(served);
        }
    }

    /** "GET /products/{id}" for every operation under {@code paths:} (two-space YAML indentation). */
    static Set<String> documented(String yaml) {
        Set<String> ops = new HashSet<>();
        boolean inPaths = false;
        String path = null;
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ") && !line.isBlank()) {
                inPaths = line.startsWith("paths:");
                continue;
            }
            if (!inPaths) {
                continue;
            }
            if (line.startsWith("  /") && !line.startsWith("   ")) {
                path = line.trim().replaceAll(":$", "");
            } else if (path != null && line.matches("    (get|put|post|delete|patch|head|options):\\s*")) {
                ops.add(line.trim().replace(":", "").toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return ops;
    }
}
