package dev.gameday.simulation.journey;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * The shop accounts logged-in journeys use, lent out one journey at a time: a journey leases an
 * account when it logs in and gives it back when it ends, failed or not. Two journeys never hold
 * the same account at once, so they never share a cart — a buyer cannot check out another
 * shopper's cart, and a checkout that fails is the shop's failure, not the simulation's. When
 * every account is out the pool grows by one new account, which the journey that leases it signs
 * up at the shop first (a request like any other: the load generator never waits on the side for
 * a shop that may be failing). An account whose sign-up failed is signed up again by its next journey.
 *
 * <p>Thread-safe: Gatling runs journeys on several threads.
 */
public final class ShopperPool {

    /** Items a journey puts in its cart on average: it draws 1–3 ({@code Feeders.ITEMS}). */
    private static final double MEAN_ITEMS = 2;

    private final Deque<ShopFixtures.Shopper> free = new ArrayDeque<>();
    private final Set<ShopFixtures.Shopper> leased = new HashSet<>();
    private final Set<ShopFixtures.Shopper> unregistered = new HashSet<>();
    private final IntFunction<ShopFixtures.Shopper> newAccount;
    private int size;
    private int grown;

    /**
     * One account lent to one journey.
     *
     * @param shopper    the account
     * @param registered whether it exists at the shop; if not, the journey signs it up before logging in
     */
    public record Lease(ShopFixtures.Shopper shopper, boolean registered) {
    }

    /**
     * @param registered accounts already registered at the shop
     * @param newAccount the (not yet registered) account with the given index, the pool's size so
     *                   far; called only when every account is out
     */
    public ShopperPool(List<ShopFixtures.Shopper> registered, IntFunction<ShopFixtures.Shopper> newAccount) {
        this.newAccount = Objects.requireNonNull(newAccount, "newAccount");
        for (ShopFixtures.Shopper s : registered) {
            if (free.contains(s)) {
                throw new IllegalArgumentException("account " + s.email() + " is in the pool twice");
            }
            free.add(s);
        }
        size = free.size();
    }

    /** An account no other journey holds; a new one, to be signed up, when all are out. */
    public synchronized Lease lease() {
        ShopFixtures.Shopper shopper = free.pollFirst();
        if (shopper == null) {
            shopper = Objects.requireNonNull(newAccount.apply(size), "newAccount returned no account");
            if (leased.contains(shopper) || unregistered.contains(shopper)) {
                throw new IllegalStateException("new account " + shopper.email() + " is already in the pool");
            }
            unregistered.add(shopper);
            size++;
            grown++;
        }
        leased.add(shopper);
        return new Lease(shopper, !unregistered.contains(shopper));
    }

    /** The shop now knows this account (its sign-up answered 201, or 409: it existed already). */
    public synchronized void registered(ShopFixtures.Shopper shopper) {
        unregistered.remove(shopper);
    }

    /**
     * Gives an account back. Least recently used accounts are lent first, so a returned account
     * rests while others work.
     *
     * @throws IllegalStateException when the account is not out on lease (returned twice, or not from this pool)
     */
    public synchronized void release(ShopFixtures.Shopper shopper) {
        if (!leased.remove(shopper)) {
            throw new IllegalStateException("account " + shopper.email() + " is not leased from this pool");
        }
        free.addLast(shopper);
    }

    /** How many accounts the pool holds, leased or free. */
    public synchronized int size() {
        return size;
    }

    /** How many accounts were added during the run because all were out. */
    public synchronized int grown() {
        return grown;
    }

    /** How many accounts are out on lease now. */
    public synchronized int leased() {
        return leased.size();
    }

    /**
     * How many accounts to register before the traffic starts, so that the pool rarely has to
     * grow. Logged-in journeys (cart abandoners and buyers) arrive at {@code peakRate} × their
     * share and each holds its account for the length of its journey; with arrivals as random as
     * Gatling's (Poisson), the number held at once is Poisson with mean L = rate × length (an
     * M/G/∞ queue), and L + 4√L + 1 covers it but for about one moment in 30 000.
     *
     * @param peakRate arrivals per second at the busiest
     */
    public static int sizeFor(double peakRate, JourneyMix mix, ThinkTime thinkTime, CheckoutPolicy checkout) {
        double held = peakRate * (mix.share(Journey.CART_ABANDONER) * seconds(abandonerLength(thinkTime))
                + mix.share(Journey.BUYER) * seconds(buyerLength(thinkTime, checkout)));
        return (int) Math.ceil(held + 4 * Math.sqrt(held)) + 1;
    }

    /** A cart abandoner's pauses (see ShopperSimulation): after login and the list, then two per item. */
    static Duration abandonerLength(ThinkTime thinkTime) {
        return thinkTime.mean().multipliedBy(Math.round(2 + 2 * MEAN_ITEMS));
    }

    /** A buyer's: the abandoner's plus one before checkout, then the status polls at their mean pause. */
    static Duration buyerLength(ThinkTime thinkTime, CheckoutPolicy checkout) {
        Duration poll = checkout.pollMin().plus(checkout.pollMax()).dividedBy(2);
        return abandonerLength(thinkTime).plus(thinkTime.mean()).plus(poll.multipliedBy(checkout.statusPolls()));
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
