package dev.gameday.simulation.journey;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The simulation's feeders: which journey an arriving shopper takes (drawn by the mix), which
 * products and categories it looks at (accounts are leased from the {@link ShopperPool}, not fed).
 * Each feeder draws from its own generator derived from the seed, so the n-th arriving shopper
 * takes the same journey in every run with that seed, however the feeders' pulls interleave;
 * draws are synchronized because feeders may be pulled from several Gatling threads.
 */
final class Feeders {

    static final String JOURNEY = "journey";
    static final String VIEWS = "views";
    static final String ITEMS = "items";
    static final String PAGE = "page";
    static final String PRODUCT_ID = "productId";
    static final String CATEGORY = "category";
    static final String QUERY = "query";
    static final String QUANTITY = "quantity";

    private final JourneyMix mix;
    private final Supplier<ShopFixtures> fixtures;
    private final SplittableRandom journeyRandom;
    private final SplittableRandom productRandom;

    Feeders(JourneyMix mix, Supplier<ShopFixtures> fixtures, long seed) {
        this.mix = mix;
        this.fixtures = fixtures;
        this.journeyRandom = new SplittableRandom(seed);
        // Split from a generator of its own: splitting journeyRandom would advance it.
        this.productRandom = new SplittableRandom(seed).split();
    }

    /** One entry per arriving shopper: its journey, how many pages and items it will look at. */
    Iterator<Map<String, Object>> journeys() {
        return endless(() -> {
            synchronized (journeyRandom) {
                return Map.of(
                        JOURNEY, mix.pick(journeyRandom.nextDouble()).wireName(),
                        VIEWS, 1 + journeyRandom.nextInt(3),
                        ITEMS, 1 + journeyRandom.nextInt(3),
                        PAGE, journeyRandom.nextInt(3));
            }
        });
    }

    /** One entry per product visited: a catalogue product, a category and a search word. */
    Iterator<Map<String, Object>> products() {
        return endless(() -> {
            ShopFixtures f = fixtures.get();
            synchronized (productRandom) {
                return Map.of(
                        PRODUCT_ID, pick(f.productIds()),
                        CATEGORY, pick(f.categories()),
                        QUERY, pick(f.searchWords()),
                        QUANTITY, 1 + productRandom.nextInt(2));
            }
        });
    }

    private <T> T pick(List<T> list) {
        return list.get(productRandom.nextInt(list.size()));
    }

    private static Iterator<Map<String, Object>> endless(Supplier<Map<String, Object>> next) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Map<String, Object> next() {
                return next.get();
            }
        };
    }
}
