package dev.gameday.simulation.journey;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ShopperPoolTest {

    private static ShopFixtures.Shopper account(int i) {
        return new ShopFixtures.Shopper("s" + i + "@x.test", "pw-s" + i);
    }

    @Test
    void concurrent_journeys_never_hold_the_same_account() throws Exception {
        AtomicInteger added = new AtomicInteger();
        ShopperPool pool = new ShopperPool(List.of(account(0), account(1), account(2)), i -> {
            added.incrementAndGet();
            return account(i);
        });
        // Who holds each account right now: a second holder is the bug this pool exists to prevent.
        Map<ShopFixtures.Shopper, Long> holders = new ConcurrentHashMap<>();
        List<String> shared = new CopyOnWriteArrayList<>();
        int threads = 16;
        int journeysEach = 2_000;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> journeys = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long journey = t;
                journeys.add(executor.submit(() -> {
                    go.await();
                    for (int j = 0; j < journeysEach; j++) {
                        ShopperPool.Lease lease = pool.lease();
                        ShopFixtures.Shopper account = lease.shopper();
                        if (!lease.registered()) {
                            pool.registered(account); // the journey signed it up
                        }
                        Long other = holders.putIfAbsent(account, journey);
                        if (other != null) {
                            shared.add(account.email() + " held by journeys " + other + " and " + journey);
                        }
                        for (int spin = ThreadLocalRandom.current().nextInt(200); spin > 0; spin--) {
                            Thread.onSpinWait(); // the journey's steps, for a varying while
                        }
                        holders.remove(account, journey);
                        pool.release(account);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : journeys) {
                f.get();
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(shared).isEmpty();
        assertThat(pool.leased()).isZero();
        // 16 journeys at once and 3 accounts: the pool had to grow, never beyond one account per journey.
        assertThat(pool.grown()).isEqualTo(added.get()).isPositive();
        assertThat(pool.size()).isEqualTo(3 + pool.grown()).isLessThanOrEqualTo(threads);
    }

    @Test
    void returned_accounts_rest_before_they_are_lent_again_and_new_ones_are_signed_up_by_their_journey() {
        ShopperPool pool = new ShopperPool(List.of(account(0), account(1)), ShopperPoolTest::account);
        ShopFixtures.Shopper first = pool.lease().shopper();
        pool.release(first);
        assertThat(pool.lease()).isEqualTo(new ShopperPool.Lease(account(1), true));
        assertThat(pool.lease()).isEqualTo(new ShopperPool.Lease(first, true));
        assertThat(pool.lease()).as("all out: the pool grows by an account to sign up")
                .isEqualTo(new ShopperPool.Lease(account(2), false));
        // Its sign-up failed: the next journey to lease it signs it up again; once it succeeded, not any more.
        pool.release(account(2));
        pool.release(account(1));
        assertThat(pool.lease()).isEqualTo(new ShopperPool.Lease(account(2), false));
        pool.registered(account(2));
        pool.release(account(2));
        assertThat(pool.lease()).isEqualTo(new ShopperPool.Lease(account(1), true));
        assertThat(pool.lease()).isEqualTo(new ShopperPool.Lease(account(2), true));
        assertThat(pool.size()).isEqualTo(3);

        pool.release(first);
        assertThatThrownBy(() -> pool.release(first)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("s0@x.test is not leased");
        assertThatThrownBy(() -> pool.release(account(9))).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> new ShopperPool(List.of(account(0), account(0)), ShopperPoolTest::account))
                .hasMessageContaining("twice");
    }

    @Test
    void the_pool_is_sized_from_the_arrival_rate_and_the_journeys_length() {
        ThinkTime think = ThinkTime.between(Duration.ofSeconds(2), Duration.ofSeconds(3)); // mean 2.5 s
        CheckoutPolicy checkout = CheckoutPolicy.defaults(); // 5 status looks, 1 s apart on average
        // Abandoner: 6 pauses = 15 s; buyer: 7 pauses + 5 looks = 22.5 s.
        assertThat(ShopperPool.abandonerLength(think)).isEqualTo(Duration.ofSeconds(15));
        assertThat(ShopperPool.buyerLength(think, checkout)).isEqualTo(Duration.ofMillis(22_500));
        // 4 arrivals/s, 20 % abandoners and 10 % buyers: 4 × (3 + 2.25) = 21 held at once on average,
        // 21 + 4 × √21 + 1 = 40.3 → 41.
        assertThat(ShopperPool.sizeFor(4, JourneyMix.of(70, 20, 10), think, checkout)).isEqualTo(41);
        // Browsers only: nobody logs in, one account is enough.
        assertThat(ShopperPool.sizeFor(4, JourneyMix.of(1, 0, 0), think, checkout)).isEqualTo(1);
    }
}
