package dev.gameday.definition;

import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ShopperPool;
import dev.gameday.simulation.journey.ThinkTime;

import java.util.Map;

/**
 * The shopper traffic of a game day (the {@code load:} section).
 *
 * @param usersPerSecond arrival rate of new shoppers (open model: it does not slow down with the shop)
 * @param peakUsersPerSecond for {@code spike}: the rate during the spike; otherwise equal to the base
 * @param profile        {@code constant} or {@code spike}
 * @param mix            journey weights by journey name ({@code browser}, {@code cart-abandoner}, {@code buyer})
 * @param shoppers       how many shopper accounts are registered before the traffic starts; 0 (the
 *                       default) sizes the pool from the arrival rate and journey length
 * @param thinkTime      the shoppers' pauses between steps ({@code thinkTime:}; default log-normal, mean 2.5 s)
 * @param injectors      how many injector processes share the traffic ({@code injectors:}; default 1: the
 *                       harness's own JVM sends it)
 * @param abortOnInjectorLoss {@code onInjectorLoss: abort}: an injector dying mid-run aborts the game day;
 *                       {@code continue} (the default) plays on and judges the run on what was sent
 */
public record LoadSpec(double usersPerSecond, double peakUsersPerSecond, String profile,
                       Map<String, Integer> mix, int shoppers, ThinkTime thinkTime, int injectors,
                       boolean abortOnInjectorLoss) {

    /** The most injectors a game day may ask for: each is a JVM, and they share the harness's machine locally. */
    public static final int MAX_INJECTORS = 12;

    public LoadSpec {
        mix = Map.copyOf(mix);
    }

    /**
     * How many shopper accounts are registered before the traffic: {@code shoppers} when given,
     * otherwise as many as the peak arrival rate and the journeys' length need ({@link ShopperPool#sizeFor}).
     */
    public int accountsAtStart() {
        return shoppers > 0 ? shoppers
                : ShopperPool.sizeFor(peakUsersPerSecond, JourneyMix.fromMap(mix), thinkTime, CheckoutPolicy.defaults());
    }
}
