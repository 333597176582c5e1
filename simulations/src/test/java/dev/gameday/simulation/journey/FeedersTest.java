package dev.gameday.simulation.journey;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FeedersTest {

    private static final ShopFixtures FIXTURES = new ShopFixtures(List.of(1L, 2L, 3L), List.of("books"), List.of("red"),
            List.of(new ShopFixtures.Shopper("a@x.test", "pw-a"), new ShopFixtures.Shopper("b@x.test", "pw-b")), true);

    @Test
    void the_nth_shopper_takes_the_same_journey_whatever_else_is_fed_in_between() {
        Feeders quiet = new Feeders(JourneyMix.defaults(), () -> FIXTURES, 7);
        Feeders busy = new Feeders(JourneyMix.defaults(), () -> FIXTURES, 7);
        Iterator<Map<String, Object>> busyProducts = busy.products();

        List<Object> a = new ArrayList<>();
        List<Object> b = new ArrayList<>();
        Iterator<Map<String, Object>> quietJourneys = quiet.journeys();
        Iterator<Map<String, Object>> busyJourneys = busy.journeys();
        for (int i = 0; i < 200; i++) {
            a.add(quietJourneys.next().get(Feeders.JOURNEY));
            busyProducts.next();
            b.add(busyJourneys.next().get(Feeders.JOURNEY));
        }
        assertThat(b).isEqualTo(a);
    }

    @Test
    void journeys_follow_the_mix() {
        Feeders feeders = new Feeders(JourneyMix.of(50, 20, 30), () -> FIXTURES, 1);
        Iterator<Map<String, Object>> journeys = feeders.journeys();
        int buyers = 0;
        for (int i = 0; i < 2000; i++) {
            if (Journey.BUYER.wireName().equals(journeys.next().get(Feeders.JOURNEY))) {
                buyers++;
            }
        }
        assertThat(buyers / 2000.0).isCloseTo(0.3, within(0.04));
    }
}
