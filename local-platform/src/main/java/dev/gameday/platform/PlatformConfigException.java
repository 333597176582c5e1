package dev.gameday.platform;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A {@link PlatformConfig} that cannot be used, with every field at fault (named as the record
 * names it) and what is wrong with it, so that a caller can locate each in its own terms (e.g. a
 * target file's key). An {@link IllegalArgumentException}, as a bad argument to a builder is.
 */
public final class PlatformConfigException extends IllegalArgumentException {

    private final Map<String, String> problems;

    /** {@code problems}: what is wrong, by field, in the order found; at least one. */
    public PlatformConfigException(Map<String, String> problems) {
        super(describe(problems));
        this.problems = Collections.unmodifiableMap(new LinkedHashMap<>(problems));
    }

    /** Every field at fault, e.g. {@code drainTimeout}, with what is wrong with it, in the record's order. */
    public Map<String, String> problems() {
        return problems;
    }

    private static String describe(Map<String, String> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a PlatformConfigException needs at least one problem");
        }
        return problems.entrySet().stream().map(p -> p.getKey() + ": " + p.getValue())
                .collect(Collectors.joining("; "));
    }
}
