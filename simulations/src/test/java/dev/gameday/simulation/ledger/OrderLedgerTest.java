package dev.gameday.simulation.ledger;

import dev.gameday.core.order.CheckoutAttempt;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.order.OrderOutcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OrderLedgerTest {

    private static final Instant T0 = Instant.parse("2026-11-23T16:00:00Z");

    @TempDir
    Path dir;

    @Test
    void a_retried_order_is_one_line_with_every_attempt_and_reads_back_equal() throws Exception {
        Path file = dir.resolve("run/orders.jsonl");
        LedgerEntry written;
        try (OrderLedger ledger = OrderLedger.open(file)) {
            PendingOrder order = ledger.begin("key-1", "a@gameday.test");
            order.attemptSent(T0);
            order.attemptEnded(CheckoutAttempt.answered(T0, 503, Duration.ofMillis(40), null));
            assertThat(order.settled()).isFalse();
            order.attemptSent(T0.plusSeconds(1));
            order.attemptEnded(CheckoutAttempt.unanswered(T0.plusSeconds(1), "timeout after PT2S", Duration.ofSeconds(2)));
            order.attemptSent(T0.plusSeconds(4));
            order.attemptEnded(CheckoutAttempt.answered(T0.plusSeconds(4), 200, Duration.ofMillis(12), "77"));
            assertThat(order.settled()).isTrue();
            written = ledger.complete(order);
        }

        assertThat(Files.readAllLines(file)).hasSize(1);
        List<LedgerEntry> read = OrderLedgerFile.read(file);
        assertThat(read).containsExactly(written);
        LedgerEntry entry = read.get(0);
        assertThat(entry.outcome()).isEqualTo(OrderOutcome.ACKNOWLEDGED);
        assertThat(entry.orderId()).isEqualTo("77");
        assertThat(entry.attempts()).extracting(CheckoutAttempt::status).containsExactly(503, null, 200);
        assertThat(Files.readString(file)).contains("\"outcome\":\"acknowledged\"", "\"idempotencyKey\":\"key-1\"");
    }

    @Test
    void closing_writes_pending_orders_with_their_attempt_in_flight_as_indeterminate() {
        Path file = dir.resolve("orders.jsonl");
        OrderLedger ledger = OrderLedger.open(file);
        PendingOrder inFlight = ledger.begin("key-in-flight", "b@gameday.test");
        inFlight.attemptSent(T0);
        ledger.begin("key-never-sent", "c@gameday.test");
        ledger.close();
        ledger.close();

        List<LedgerEntry> read = OrderLedgerFile.read(file);
        assertThat(read).singleElement().satisfies(entry -> {
            assertThat(entry.idempotencyKey()).isEqualTo("key-in-flight");
            assertThat(entry.outcome()).isEqualTo(OrderOutcome.INDETERMINATE);
            assertThat(entry.attempts()).singleElement()
                    .satisfies(a -> assertThat(a.error()).contains("run ended"));
        });
        assertThat(ledger.pendingCount()).isZero();
        assertThatThrownBy(() -> ledger.complete(ledger.begin("late", "d@gameday.test")))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void counts_cover_every_outcome() {
        OrderLedger ledger = OrderLedger.inMemory();
        PendingOrder order = ledger.begin("k", "s");
        order.attemptEnded(CheckoutAttempt.answered(T0, 400, Duration.ZERO, null));
        ledger.complete(order);
        assertThat(ledger.counts()).containsEntry(OrderOutcome.FAILED, 1L)
                .containsEntry(OrderOutcome.ACKNOWLEDGED, 0L).containsEntry(OrderOutcome.INDETERMINATE, 0L);
    }

    @Test
    void a_file_ledger_keeps_its_orders_in_the_file_only_and_reads_them_back_with_its_counts() {
        Path file = dir.resolve("orders.jsonl");
        List<LedgerEntry> written = new java.util.ArrayList<>();
        try (OrderLedger ledger = OrderLedger.open(file)) {
            for (int i = 0; i < 5; i++) {
                PendingOrder order = ledger.begin("key-" + i, "s" + i + "@gameday.test");
                order.attemptSent(T0.plusSeconds(i));
                order.attemptEnded(CheckoutAttempt.answered(T0.plusSeconds(i), i < 3 ? 201 : 400, Duration.ofMillis(9), i < 3 ? "" + i : null));
                written.add(ledger.complete(order));
            }
            assertThat(ledger.entries()).containsExactlyElementsOf(written);
            assertThat(ledger.counts()).containsEntry(OrderOutcome.ACKNOWLEDGED, 3L).containsEntry(OrderOutcome.FAILED, 2L)
                    .containsEntry(OrderOutcome.INDETERMINATE, 0L);
        }
    }
}
