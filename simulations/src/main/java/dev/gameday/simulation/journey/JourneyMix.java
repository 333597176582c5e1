package dev.gameday.simulation.journey;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How arriving shoppers split between journeys, as relative weights (they need not add up to
 * 1 or 100). The default follows a typical e-commerce funnel: most visitors only browse, some
 * fill a cart and leave, few buy.
 *
 * @param weights the weight of each journey; a journey absent or weighted 0 never runs
 */
public record JourneyMix(Map<Journey, Double> weights) {

    public JourneyMix {
        Objects.requireNonNull(weights, "weights");
        EnumMap<Journey, Double> copy = new EnumMap<>(Journey.class);
        double total = 0;
        for (Journey j : Journey.values()) {
            double w = weights.getOrDefault(j, 0.0);
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new IllegalArgumentException("weight of journey " + j.wireName() + " must be a finite number >= 0, was " + w);
            }
            copy.put(j, w);
            total += w;
        }
        if (total <= 0) {
            throw new IllegalArgumentException("a journey mix needs at least one positive weight, was " + weights);
        }
        weights = Map.copyOf(copy);
    }

    /** 70 % browsers, 20 % cart abandoners, 10 % buyers. */
    public static JourneyMix defaults() {
        return of(70, 20, 10);
    }

    /** A mix from the three weights. */
    public static JourneyMix of(double browser, double cartAbandoner, double buyer) {
        return new JourneyMix(Map.of(Journey.BROWSER, browser, Journey.CART_ABANDONER, cartAbandoner, Journey.BUYER, buyer));
    }

    /** A mix from a YAML-shaped map such as {@code {browser: 70, cart-abandoner: 20, buyer: 10}}. */
    public static JourneyMix fromMap(Map<String, ?> map) {
        EnumMap<Journey, Double> weights = new EnumMap<>(Journey.class);
        map.forEach((name, value) -> {
            Journey j = Journey.of(name);
            try {
                weights.put(j, value instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(value)));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("journey mix field '" + name + "': '" + value + "' is not a number");
            }
        });
        return new JourneyMix(weights);
    }

    /** A journey's share of arrivals, in [0, 1]. */
    public double share(Journey journey) {
        double total = weights.values().stream().mapToDouble(Double::doubleValue).sum();
        return weights.get(journey) / total;
    }

    /** The journey for a uniform draw {@code u} in [0, 1): journeys take consecutive slices of [0, 1). */
    public Journey pick(double u) {
        double cumulative = 0;
        Journey last = null;
        for (Journey j : Journey.values()) {
            double share = share(j);
            if (share == 0) {
                continue;
            }
            cumulative += share;
            last = j;
            if (u < cumulative) {
                return j;
            }
        }
        return last; // u within rounding of 1
    }
}
