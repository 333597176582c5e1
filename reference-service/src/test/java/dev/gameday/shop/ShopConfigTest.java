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
                "SHOP_DB_URL", "postgres://localhost/shop");
        bad.forEach((name, value) -> {
            Map<String, String> env = minimal();
            env.put(name, value);
            assertThatThrownBy(() -> ShopConfig.fromEnv(env)).as(name)
                    .isInstanceOf(ShopConfigException.class)
                    .hasMessageStartingWith(name + ":")
                    .extracting(e -> ((ShopConfigException) e).variable()).isEqualTo(name);
        });
        Map<String, String> noUser = minimal();
        noUser.remove("SHOP_DB_USER");
        assertThatThrownBy(() -> ShopConfig.fromEnv(noUser)).hasMessageStartingWith("SHOP_DB_USER:");
    }

    @Test
    void to_env_round_trips() {
        Map<String, String> env = minimal();
        env.putAll(Map.of("SHOP_PORT", "8080", "SHOP_ZONE", "local-1c", "SHOP_TASK_ID", "t-9",
                "SHOP_DRAIN_TIMEOUT", "PT3S", "SHOP_ADMIN_TOKEN", "tok", "SHOP_QUEUE_URL", "http://localhost:9324/q/orders",
                "SHOP_SQS_ENDPOINT", "http://localhost:9324", "SHOP_WATCH_STDIN", "true"));
        ShopConfig c = ShopConfig.fromEnv(env);
        assertThat(ShopConfig.fromEnv(c.toEnv())).isEqualTo(c);
        assertThat(c.toString()).doesNotContain("tok");
    }
}
