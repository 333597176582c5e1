package dev.gameday.core.order;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderLedgerFileTest {

    private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");

    @TempDir
    Path dir;

    @Test
    void entries_read_back_equal_line_by_line() throws Exception {
        LedgerEntry retried = new LedgerEntry("key-1", "a@gameday.test", T0, T0.plusSeconds(5),
                List.of(CheckoutAttempt.unanswered(T0, "timeout after PT2S", Duration.ofSeconds(2)),
                        CheckoutAttempt.answered(T0.plusSeconds(4), 201, Duration.ofMillis(12), "77")),
                "77", OrderOutcome.ACKNOWLEDGED);
        LedgerEntry refused = new LedgerEntry("key-2", "b@gameday.test", T0, T0,
                List.of(CheckoutAttempt.answered(T0, 400, Duration.ofMillis(3), null)), null, OrderOutcome.FAILED);
        Path file = dir.resolve("orders.jsonl");
        Files.writeString(file, OrderLedgerFile.line(retried) + "\n\n" + OrderLedgerFile.line(refused) + "\n");

        assertThat(OrderLedgerFile.read(file)).containsExactly(retried, refused);
        assertThat(OrderLedgerFile.line(retried)).contains("\"outcome\":\"acknowledged\"").doesNotContain("\n");
    }

    @Test
    void outcomes_follow_the_jepsen_rules() {
        CheckoutAttempt created = CheckoutAttempt.answered(T0, 201, Duration.ZERO, "1");
        CheckoutAttempt badRequest = CheckoutAttempt.answered(T0, 400, Duration.ZERO, null);
        CheckoutAttempt conflict = CheckoutAttempt.answered(T0, 409, Duration.ZERO, null);
        CheckoutAttempt gatewayTimeout = CheckoutAttempt.answered(T0, 504, Duration.ZERO, null);
        CheckoutAttempt reset = CheckoutAttempt.unanswered(T0, "connection reset", Duration.ZERO);

        assertThat(LedgerEntry.classify(List.of(created))).isEqualTo(OrderOutcome.ACKNOWLEDGED);
        assertThat(LedgerEntry.classify(List.of(reset, gatewayTimeout, created))).isEqualTo(OrderOutcome.ACKNOWLEDGED);
        assertThat(LedgerEntry.classify(List.of(badRequest))).isEqualTo(OrderOutcome.FAILED);
        assertThat(LedgerEntry.classify(List.of(reset, gatewayTimeout, reset))).isEqualTo(OrderOutcome.INDETERMINATE);
        // The lost first answer may have created the order: a later 409 does not prove otherwise.
        assertThat(LedgerEntry.classify(List.of(reset, conflict))).isEqualTo(OrderOutcome.INDETERMINATE);
        assertThat(LedgerEntry.classify(List.of())).isEqualTo(OrderOutcome.INDETERMINATE);
    }

    @Test
    void a_bad_line_is_reported_with_file_and_line_number() throws Exception {
        Path file = dir.resolve("orders.jsonl");
        Files.writeString(file, "\n{not json\n");
        assertThatThrownBy(() -> OrderLedgerFile.read(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file + ":2");
        assertThat(OrderLedgerFile.read(dir.resolve("missing.jsonl"))).isEmpty();
    }
}
