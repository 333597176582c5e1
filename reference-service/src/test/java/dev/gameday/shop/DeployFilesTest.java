package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The container image and ECS task definition in {@code deploy/} say what the shop reads and
 * does: no Docker engine is here to build the image, so what can be checked without one is
 * checked — the task definition's variables are ones the shop parses (and its values parse), the
 * ports agree, the drain fits inside ECS's stop timeout, the entry point exists, and the
 * container health check command really tells a live shop from a stopped one.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Path.of("deploy");

    @Test
    void the_task_definition_sets_only_variables_the_shop_reads_and_they_parse() throws Exception {
        JsonNode container = container();
        Map<String, String> env = new HashMap<>();
        container.get("environment").forEach(e -> env.put(e.get("name").asText(), example(e.get("value").asText())));
        container.get("secrets").forEach(s -> env.put(s.get("name").asText(), "from-secrets-manager"));
        // Every optional setting set, so toEnv() names every variable the shop reads.
        ShopConfig sample = ShopConfig.builder("jdbc:postgresql://db:5432/shop", "shop", "")
                .adminToken("t").jwksUrl(URI.create("https://idp.example/jwks.json"))
                .queue("https://sqs.example/q", URI.create("https://sqs.example"), "eu-west-1")
                .emf("GamedayShop", "shop").build();

        assertThat(sample.toEnv().keySet()).containsAll(env.keySet());
        ShopConfig parsed = ShopConfig.fromEnv(env);
        assertThat(parsed.port()).isEqualTo(container.get("portMappings").get(0).get("containerPort").asInt());
        assertThat(parsed.drainTimeout()).as("the shop must finish draining before ECS sends SIGKILL")
                .isLessThan(Duration.ofSeconds(container.get("stopTimeout").asInt()));
        assertThat(parsed.bindAddress()).as("the load balancer reaches the task through its own interface, not loopback")
                .isEqualTo("0.0.0.0");
    }

    @Test
    void the_image_exposes_the_task_port_and_starts_the_shop_main_class() throws Exception {
        String dockerfile = Files.readString(DEPLOY.resolve("Dockerfile"));
        int containerPort = container().get("portMappings").get(0).get("containerPort").asInt();

        assertThat(dockerfile).contains("EXPOSE " + containerPort).contains("ENV SHOP_PORT=" + containerPort)
                .contains("ENV SHOP_BIND_ADDRESS=0.0.0.0");
        Matcher main = Pattern.compile("\"(dev\\.gameday\\.shop\\.[A-Za-z]+)\"\\]\\s*$", Pattern.MULTILINE).matcher(dockerfile);
        assertThat(main.find()).as("ENTRYPOINT ends with the main class").isTrue();
        assertThat(Class.forName(main.group(1)).getMethod("main", String[].class)).isNotNull();
    }

    @Test
    void the_container_health_check_passes_on_a_live_shop_and_fails_once_it_stopped() throws Exception {
        List<String> command = new ArrayList<>();
        container().get("healthCheck").get("command").forEach(c -> command.add(c.asText()));
        assertThat(command.get(0)).isEqualTo("CMD");

        try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
            Shop shop = Shop.start(ShopConfig.builder(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "")
                    .seedProducts(0).build());
            List<String> probe = onPort(command.subList(1, command.size()), shop.baseUrl().getPort());
            try {
                assertThat(run(probe)).as("health check against a live shop").isZero();
            } finally {
                shop.close();
            }
            assertThat(run(probe)).as("health check against a stopped shop").isNotZero();
        }
    }

    private static JsonNode container() throws Exception {
        return Http.MAPPER.readTree(DEPLOY.resolve("ecs-task-definition.json").toFile()).get("containerDefinitions").get(0);
    }

    /** Fills the template's ${…} placeholders with example values. */
    private static String example(String value) {
        return value.replaceAll("\\$\\{[A-Za-z]+}", "example");
    }

    private static List<String> onPort(List<String> command, int port) {
        return command.stream().map(part -> part.replace("127.0.0.1/8080", "127.0.0.1/" + port)).toList();
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("health check finished").isTrue();
        return p.exitValue();
    }
}
