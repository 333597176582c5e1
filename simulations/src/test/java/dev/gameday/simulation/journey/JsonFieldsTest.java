package dev.gameday.simulation.journey;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class JsonFieldsTest {

    private static String text(String body, String field) {
        return JsonFields.text(body == null ? null : body.getBytes(StandardCharsets.UTF_8), field);
    }

    @Test
    void reads_a_top_level_string_or_number_as_text() {
        assertThat(text("{\"token\":\"abc.def\"}", "token")).isEqualTo("abc.def");
        assertThat(text("{\"id\":42,\"status\":\"PLACED\"}", "id")).isEqualTo("42");
        assertThat(text("{\"id\":42,\"status\":\"PLACED\"}", "status")).isEqualTo("PLACED");
    }

    @Test
    void skips_nested_fields_of_the_same_name() {
        String order = "{\"items\":[{\"id\":7,\"status\":\"x\"}],\"customer\":{\"status\":\"vip\"},\"status\":\"FULFILLED\"}";
        assertThat(text(order, "status")).isEqualTo("FULFILLED");
        assertThat(text(order, "id")).isNull();
    }

    @Test
    void decodes_escapes_as_a_json_reader_does() {
        assertThat(text("{\"token\":\"a\\\"b\\u00e9\"}", "token")).isEqualTo("a\"bé");
    }

    @Test
    void has_no_value_for_null_absent_empty_or_not_json() {
        assertThat(text("{\"id\":null}", "id")).isNull();
        assertThat(text("{\"other\":1}", "id")).isNull();
        assertThat(text("", "id")).isNull();
        assertThat(text(null, "id")).isNull();
        assertThat(text("<html>502 Bad Gateway</html>", "id")).isNull();
        assertThat(text("[{\"id\":1}]", "id")).isNull();
        assertThat(text("{\"id\":\"cut", "id")).isNull();
    }

    @Test
    void an_object_or_array_value_reads_as_empty_text() {
        assertThat(text("{\"id\":{\"a\":1}}", "id")).isEmpty();
    }
}
