package dev.gameday.slo.audit;

import dev.gameday.core.order.CheckoutAttempt;
import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderOutcome;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OrderAuditTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    static LedgerEntry acknowledged(String key, String orderId) {
        return new LedgerEntry(key, "a@gameday.test", T0, T0.plusMillis(30),
                List.of(CheckoutAttempt.answered(T0, 201, Duration.ofMillis(30), orderId)), orderId, OrderOutcome.ACKNOWLEDGED);
    }

    static LedgerEntry indeterminate(String key) {
        return new LedgerEntry(key, "a@gameday.test", T0, T0.plusSeconds(2),
                List.of(CheckoutAttempt.unanswered(T0, "timeout after PT2S", Duration.ofSeconds(2))), null,
                OrderOutcome.INDETERMINATE);
    }

    static LedgerEntry refused(String key) {
        return new LedgerEntry(key, "a@gameday.test", T0, T0,
                List.of(CheckoutAttempt.answered(T0, 400, Duration.ofMillis(3), null)), null, OrderOutcome.FAILED);
    }

    static AuditedOrder order(String id, String key, String userId) {
        return new AuditedOrder(id, key, "PLACED", T0.plusMillis(10), userId, new BigDecimal("12.50"));
    }

    @Test
    void every_acknowledged_order_held_once_is_valid() {
        AuditResult r = OrderAudit.check(List.of(acknowledged("k1", "1"), acknowledged("k2", "2")),
                List.of(order("1", "k1", "7"), order("2", "k2", "8")));

        assertThat(r.valid()).isTrue();
        assertThat(r.attempted()).isEqualTo(2);
        assertThat(r.acknowledged()).isEqualTo(2);
        assertThat(r.present()).isEqualTo(2);
        assertThat(r.violations()).isZero();
        assertThat(r.describe()).isEqualTo(
                "0 lost, 0 duplicated, 0 mismatched, 0 unexpected of 2 acknowledged (0 of 0 indeterminate recovered, 0 refused)");
    }

    @Test
    void an_acknowledged_order_the_shop_does_not_hold_is_lost() {
        AuditResult r = OrderAudit.check(List.of(acknowledged("k1", "1"), acknowledged("k2", "2")),
                List.of(order("1", "k1", "7")));

        assertThat(r.valid()).isFalse();
        assertThat(r.lost()).isEqualTo(1);
        assertThat(r.lostKeys()).containsExactly("k2");
    }

    @Test
    void an_acknowledged_key_the_shop_holds_under_another_id_is_mismatched() {
        AuditResult r = OrderAudit.check(List.of(acknowledged("k1", "1"), acknowledged("k2", "2")),
                List.of(order("1", "k1", "7"), order("5", "k2", "7")));

        assertThat(r.valid()).isFalse();
        assertThat(r.mismatched()).isEqualTo(1);
        assertThat(r.mismatchedKeys()).containsExactly("k2");
        assertThat(r.lost()).isZero();
        assertThat(r.violations()).isEqualTo(1);
    }

    @Test
    void every_acknowledged_id_of_a_retried_key_must_be_held() {
        // Two 2xx answers for one key with different ids: the shop promised two orders; one is not there.
        LedgerEntry retried = new LedgerEntry("k1", "a@gameday.test", T0, T0.plusSeconds(1),
                List.of(CheckoutAttempt.answered(T0, 201, Duration.ofMillis(30), "1"),
                        CheckoutAttempt.answered(T0.plusMillis(500), 200, Duration.ofMillis(30), "2")),
                "2", OrderOutcome.ACKNOWLEDGED);

        assertThat(OrderAudit.check(List.of(retried), List.of(order("2", "k1", "7"))).mismatchedKeys())
                .containsExactly("k1");
        assertThat(OrderAudit.check(List.of(retried), List.of(order("1", "k1", "7"), order("2", "k1", "7")))
                .mismatched()).isZero();
    }

    @Test
    void an_acknowledgement_without_an_id_is_not_judged_on_ids() {
        LedgerEntry noId = new LedgerEntry("k1", "a@gameday.test", T0, T0,
                List.of(CheckoutAttempt.answered(T0, 201, Duration.ofMillis(30), null)), null, OrderOutcome.ACKNOWLEDGED);

        AuditResult r = OrderAudit.check(List.of(noId), List.of(order("3", "k1", "7")));

        assertThat(r.valid()).isTrue();
        assertThat(r.mismatched()).isZero();
    }

    @Test
    void a_recovered_indeterminate_order_has_no_id_to_compare() {
        AuditResult r = OrderAudit.check(List.of(indeterminate("k1")), List.of(order("8", "k1", "7")));

        assertThat(r.recovered()).isEqualTo(1);
        assertThat(r.mismatched()).isZero();
    }

    @Test
    void two_orders_for_one_key_are_duplicated() {
        // The shop's constraint is per (user, key): a retry landing under another account would slip through it.
        AuditResult r = OrderAudit.check(List.of(acknowledged("k1", "1")),
                List.of(order("1", "k1", "7"), order("2", "k1", "8")));

        assertThat(r.duplicated()).isEqualTo(1);
        assertThat(r.duplicatedKeys()).containsExactly("k1");
        assertThat(r.lost()).isZero();
        assertThat(r.valid()).isFalse();
    }

    @Test
    void an_order_of_a_run_shopper_never_attempted_is_unexpected_and_other_shoppers_are_ignored() {
        AuditResult r = OrderAudit.check(List.of(acknowledged("k1", "1")),
                List.of(order("1", "k1", "7"),
                        order("2", "invented", "7"),      // user 7 is this run's shopper: unexpected
                        order("3", "elsewhere", "99")));  // user 99 placed none of the ledger's orders

        assertThat(r.unexpected()).isEqualTo(1);
        assertThat(r.unexpectedIds()).containsExactly("2");
        assertThat(r.ignored()).isEqualTo(1);
        assertThat(r.present()).isEqualTo(2);
        assertThat(r.valid()).isFalse();
    }

    @Test
    void a_refused_order_the_shop_holds_anyway_is_unexpected() {
        AuditResult r = OrderAudit.check(List.of(acknowledged("k1", "1"), refused("k2"), refused("k3")),
                List.of(order("1", "k1", "7"), order("2", "k2", "7")));

        assertThat(r.failed()).isEqualTo(2);
        assertThat(r.unexpected()).isEqualTo(1);
        assertThat(r.unexpectedIds()).containsExactly("2");
    }

    @Test
    void indeterminate_orders_may_or_may_not_exist_and_those_present_are_recovered() {
        AuditResult r = OrderAudit.check(List.of(acknowledged("k1", "1"), indeterminate("k2"), indeterminate("k3")),
                List.of(order("1", "k1", "7"), order("2", "k2", "7")));

        assertThat(r.valid()).isTrue();
        assertThat(r.indeterminate()).isEqualTo(2);
        assertThat(r.recovered()).isEqualTo(1);
        assertThat(r.recoveredKeys()).containsExactly("k2");
    }

    @Test
    void a_key_the_ledger_holds_twice_keeps_the_strongest_knowledge() {
        AuditResult r = OrderAudit.check(List.of(indeterminate("k1"), acknowledged("k1", "1")), List.of());

        assertThat(r.attempted()).isEqualTo(1);
        assertThat(r.acknowledged()).isEqualTo(1);
        assertThat(r.lostKeys()).containsExactly("k1");
    }
}
