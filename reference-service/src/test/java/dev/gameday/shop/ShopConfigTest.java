package dev.gameday.shop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code SHOP_*} variables: defaults, validation that names the variable, and the round trip. */
class ShopConfigTest {

    static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("SHOP_DB_URL", "jdbc:postgresql://localhost:5432/shop");
        env.put("SHOP_DB_USER", "shop");
        return env;
    }

    @Test
    void defaults_fill_everything_but_the_database() {
        ShopConfig c = ShopConfig.fromEnv(minimal());
        assertThat(c.port()).isZero();
        assertThat(c.drainTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.jwtIssuer()).isEqualTo("gameday-shop");
        assertThat(c.adminToken()).isNull();
        assertThat(c.queueUrl()).isNull();
        assertThat(c.seedProducts()).isEqualTo(1000);
        assertThat(c.dbPoolSize()).isEqualTo(10);
        assertThat(c.httpThreads()).isEqualTo(32);
        assertThat(c.watchStdin()).isFalse();
        assertThat(c.bindAddress()).as("reachable from this host only").isEqualTo("127.0.0.1");
        assertThat(c.httpQueue()).isEqualTo(4 * 32);
        assertThat(c.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void a_jwks_url_over_plain_http_is_refused_unless_it_stays_on_this_host() {
        for (String insecure : new String[] {"http://idp.example/jwks.json", "http://10.0.0.8/jwks.json",
                "http://127.0.0.1.evil.example/jwks.json", "ftp://127.0.0.1/jwks.json"}) {
            Map<String, String> env = minimal();
            env.put("SHOP_JWKS_URL", insecure);
            assertThatThrownBy(() -> ShopConfig.fromEnv(env)).as(insecure)
                    .isInstanceOf(ShopConfigException.class).hasMessageStartingWith("SHOP_JWKS_URL:").hasMessageContaining("https");
        }
        for (String fine : new String[] {"https://cognito-idp.eu-west-1.amazonaws.com/pool/.well-known/jwks.json",
                "http://127.0.0.1:8080/.well-known/jwks.json", "http://127.9.9.9/jwks.json", "http://localhost:1/jwks.json",
                "http://[::1]:8080/jwks.json"}) {
            Map<String, String> env = minimal();
            env.put("SHOP_JWKS_URL", fine);
            assertThat(ShopConfig.fromEnv(env).jwksUrl()).as(fine).hasToString(fine);
        }
    }

    @Test
    void a_container_binds_every_interface() {
        Map<String, String> container = minimal();
        container.put("SHOP_BIND_ADDRESS", "0.0.0.0");
        assertThat(ShopConfig.fromEnv(container).bindAddress()).isEqualTo("0.0.0.0");
    }

    @Test
    void to_string_prints_no_password_nor_any_other_secret() {
        Map<String, String> env = minimal();
        env.put("SHOP_DB_URL", "jdbc:postgresql://db.internal:5432/shop?user=shop&password=hunter2&ssl=true");
        env.put("SHOP_DB_PASSWORD", "s3cret-pw");
        env.put("SHOP_ADMIN_TOKEN", "admin-tok-123");
        ShopConfig c = ShopConfig.fromEnv(env);
        assertThat(c.toString()).contains("db.internal:5432/shop")
                .doesNotContain("hunter2").doesNotContain("s3cret-pw").doesNotContain("admin-tok-123");

        Map<String, String> userInfo = minimal();
        userInfo.put("SHOP_DB_URL", "jdbc:postgresql://shop:hunter2@db.internal/shop");
        assertThat(ShopConfig.fromEnv(userInfo).toString()).doesNotContain("hunter2").contains("db.internal/shop");
    }

    @Test
    void each_bad_value_is_reported_under_its_variable() {
        Map<String, String> bad = Map.of(
                "SHOP_PORT", "eighty",
                "SHOP_DRAIN_TIMEOUT", "10s",
                "SHOP_SEED_PRODUCTS", "-1",
                "SHOP_WATCH_STDIN", "yes",
                "SHOP_SQS_ENDPOINT", "localhost:9324",
                "SHOP_DB_POOL_SIZE", "0",
                "SHOP_DB_URL", "postgres://localhost/shop",
                "SHOP_BIND_ADDRESS", "shop.example",
                "SHOP_HTTP_QUEUE", "-1",
                "SHOP_REQUEST_TIMEOUT", "PT0.5S");
        bad.forEach((name, value) -> {
            Map<String, String> env = minimal();
            env.put(name, value);
            assertThatThrownBy(() -> ShopConfig.fromEnv(env)).as(name)
                    .isInstanceOf(ShopConfigException.class)
                    .hasMessageStartingWith(name + ":")
                    .extracting(e -> ((ShopConfigException) e).variable()).isEqualTo(name);
        });
        Map<String, String> badReader = minimal();
        badReader.put("SHOP_DB_READER_URL", "postgres://reader.local/shop");
        assertThatThrownBy(() -> ShopConfig.fromEnv(badReader)).hasMessageStartingWith("SHOP_DB_READER_URL:");
        Map<String, String> noUser = minimal();
        noUser.remove("SHOP_DB_USER");
        assertThatThrownBy(() -> ShopConfig.fromEnv(noUser)).hasMessageStartingWith("SHOP_DB_USER:");
    }

    @Test
    void every_bad_value_is_reported_at_once_each_under_its_variable_on_one_line() {
        Map<String, String> env = minimal();
        env.remove("SHOP_DB_USER");
        env.put("SHOP_PORT", "eighty");
        env.put("SHOP_WATCH_STDIN", "yes");
        env.put("SHOP_SEED_PRODUCTS", "-1");
        env.put("SHOP_BIND_ADDRESS", "shop.example");
        env.put("SHOP_HTTP_THREADS", "many");
        assertThatThrownBy(() -> ShopConfig.fromEnv(env)).isInstanceOfSatisfying(ShopConfigException.class, e -> {
            assertThat(e.problems()).containsOnlyKeys("SHOP_DB_USER", "SHOP_PORT", "SHOP_WATCH_STDIN",
                    "SHOP_SEED_PRODUCTS", "SHOP_BIND_ADDRESS", "SHOP_HTTP_THREADS");
            assertThat(e.problems().get("SHOP_HTTP_THREADS")).as("a value that did not parse is reported once, as such")
                    .isEqualTo("must be an integer, was many");
            assertThat(e.getMessage()).contains("SHOP_PORT: must be an integer, was eighty",
                    "SHOP_WATCH_STDIN: must be true or false, was yes", "SHOP_DB_USER: is required",
                    "SHOP_SEED_PRODUCTS: must not be negative, was -1", "SHOP_BIND_ADDRESS: must be an IP address")
                    .doesNotContain("\n");
        });
    }

    @Test
    void the_variable_names_are_the_ones_to_env_writes() {
        ShopConfig c = ShopConfig.builder("jdbc:postgresql://localhost/shop", "shop", "pw").adminToken("tok")
                .dbReaderUrl("jdbc:postgresql://localhost:5433/shop")
                .jwksUrl(java.net.URI.create("https://idp.example/jwks.json"))
                .queue("http://localhost:9324/q", java.net.URI.create("http://localhost:9324"), null)
                .emf("Shop", "shop").build();
        assertThat(c.toEnv()).containsOnlyKeys(ShopConfig.SHOP_PORT, ShopConfig.SHOP_DB_URL, ShopConfig.SHOP_DB_USER,
                ShopConfig.SHOP_DB_PASSWORD, ShopConfig.SHOP_DB_READER_URL, ShopConfig.SHOP_ZONE, ShopConfig.SHOP_TASK_ID, ShopConfig.SHOP_DRAIN_TIMEOUT,
                ShopConfig.SHOP_ADMIN_TOKEN, ShopConfig.SHOP_JWT_ISSUER, ShopConfig.SHOP_JWT_AUDIENCE,
                ShopConfig.SHOP_JWKS_URL, ShopConfig.SHOP_QUEUE_URL, ShopConfig.SHOP_SQS_ENDPOINT,
                ShopConfig.SHOP_SQS_REGION, ShopConfig.SHOP_SEED_PRODUCTS, ShopConfig.SHOP_WATCH_STDIN,
                ShopConfig.SHOP_DB_POOL_SIZE, ShopConfig.SHOP_HTTP_THREADS, ShopConfig.SHOP_EMF_NAMESPACE,
                ShopConfig.SHOP_EMF_SERVICE, ShopConfig.SHOP_BIND_ADDRESS, ShopConfig.SHOP_HTTP_QUEUE,
                ShopConfig.SHOP_REQUEST_TIMEOUT);
        assertThat(ShopConfig.fromEnv(c.toEnv())).isEqualTo(c);
    }

    @Test
    void to_env_round_trips() {
        Map<String, String> env = minimal();
        env.putAll(Map.of("SHOP_PORT", "8080", "SHOP_ZONE", "local-1c", "SHOP_TASK_ID", "t-9",
                "SHOP_DRAIN_TIMEOUT", "PT3S", "SHOP_ADMIN_TOKEN", "tok", "SHOP_QUEUE_URL", "http://localhost:9324/q/orders",
                "SHOP_SQS_ENDPOINT", "http://localhost:9324", "SHOP_WATCH_STDIN", "true"));
        env.putAll(Map.of("SHOP_BIND_ADDRESS", "0.0.0.0", "SHOP_HTTP_QUEUE", "7", "SHOP_REQUEST_TIMEOUT", "PT3S"));
        ShopConfig c = ShopConfig.fromEnv(env);
        assertThat(ShopConfig.fromEnv(c.toEnv())).isEqualTo(c);
        assertThat(c.toString()).doesNotContain("tok");
    }
}
