package dev.gameday.simulation.journey;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The kinds of shopper a run mixes, each one a path through the shop. */
public enum Journey {

    /** Anonymous: categories, a category's products, a few product pages, a search. */
    BROWSER("browser"),

    /** Logs in, browses, puts 1–3 items in the cart, looks at the cart, leaves. */
    CART_ABANDONER("cart-abandoner"),

    /** Logs in, browses, adds items, checks out, follows the order until it is fulfilled. */
    BUYER("buyer");

    private final String wireName;

    Journey(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in metrics ({@code Journey} dimension) and in configuration. */
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name ({@code browser}, {@code cart-abandoner}, {@code buyer}); case and {@code _} tolerated. */
    public static Journey of(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT).replace('_', '-');
        for (Journey j : values()) {
            if (j.wireName.equals(n)) {
                return j;
            }
        }
        throw new IllegalArgumentException("unknown journey '" + name + "', expected one of "
                + Arrays.stream(values()).map(Journey::wireName).collect(Collectors.joining(", ")));
    }
}
