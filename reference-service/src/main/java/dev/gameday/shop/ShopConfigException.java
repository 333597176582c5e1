package dev.gameday.shop;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One or more configuration values are missing or malformed; the message names every environment
 * variable at fault, on one line, so that an operator can fix them all from one line of stderr.
 */
public final class ShopConfigException extends RuntimeException {

    private final Map<String, String> problems;

    public ShopConfigException(String variable, String problem) {
        this(Map.of(variable, problem));
    }

    /** Every variable at fault and what is wrong with it, in the order they were found. */
    public ShopConfigException(Map<String, String> problems) {
        super(describe(problems));
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    /** The (first) environment variable at fault, e.g. {@code SHOP_DB_URL}. */
    public String variable() {
        return problems.keySet().iterator().next();
    }

    /** Every environment variable at fault, with what is wrong with it, in the order they were found. */
    public Map<String, String> problems() {
        return problems;
    }

    private static String describe(Map<String, String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ShopConfigException needs at least one problem");
        }
        return problems.entrySet().stream().map(p -> p.getKey() + ": " + p.getValue())
                .collect(Collectors.joining("; "));
    }
}
