package dev.gameday.simulation.inject;

import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.profile.LoadProfile;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InjectorSpecTest {

    private static InjectorSpec spec(String id) {
        return new InjectorSpec("20261207-061840-smoke", id, "local-1b", URI.create("http://127.0.0.1:8080"),
                LoadProfile.spike(3, 12, Duration.ofSeconds(20), Duration.ofSeconds(30), Duration.ofSeconds(90)).scaled(1 / 3.0),
                Map.of("browser", 70.0, "cart-abandoner", 20.0, "buyer", 10.0),
                ThinkTime.exponential(Duration.ofMillis(800)).toMap(), 14, 43,
                Instant.parse("2026-12-07T06:20:45.761Z"), Path.of("/tmp/run/injectors", id), 40123, null);
    }

    @Test
    void a_spec_travels_as_one_line_of_json_and_reads_back_equal() {
        InjectorSpec spec = spec("inj-2");
        String json = spec.toJson();
        assertThat(json).doesNotContain("\n");
        assertThat(InjectorSpec.fromJson(json, "$" + InjectorSpec.ENVIRONMENT)).isEqualTo(spec);
        assertThat(spec.pauses()).isEqualTo(ThinkTime.exponential(Duration.ofMillis(800)));
    }

    @Test
    void a_bad_spec_is_refused_naming_where_it_came_from_and_the_field() {
        String json = spec("inj-2").toJson().replace("\"shoppers\":14", "\"shoppers\":0");
        assertThatThrownBy(() -> InjectorSpec.fromJson(json, "$GAMEDAY_INJECTOR_SPEC"))
                .hasMessageContaining("$GAMEDAY_INJECTOR_SPEC").hasMessageContaining("shoppers must be at least 1");
        assertThatThrownBy(() -> spec("Inj 2")).hasMessageContaining("id must be lower-case");
    }

    @Test
    void a_spec_for_aws_names_where_its_results_go_and_has_no_feed() {
        InjectorSpec spec = spec("inj-3").withResults(URI.create("s3://gameday-results/gameday/r1/injectors/inj-3/"),
                Path.of("/tmp/gameday/inj-3"));
        assertThat(spec.feedPort()).isZero();
        assertThat(InjectorSpec.fromJson(spec.toJson(), "x")).isEqualTo(spec);
        assertThat(InjectorSpec.fromJson(spec("inj-3").toJson(), "x").results()).isNull();
    }

    @Test
    void the_process_entry_point_without_a_spec_exits_2() {
        assertThat(InjectorMain.run(Path.of("/nonexistent/spec.json").toString())).isEqualTo(2);
    }
}
