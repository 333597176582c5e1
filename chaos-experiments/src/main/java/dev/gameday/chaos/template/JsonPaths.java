package dev.gameday.chaos.template;

import java.util.regex.Pattern;

/**
 * Builds the JSON paths that problems are reported at ({@code $.targets.myTasks.filters[0].path}),
 * in the bracket form ({@code $.tags['gameday:owner']}) where a key is not a plain name.
 */
public final class JsonPaths {

    /** The document itself. */
    public static final String ROOT = "$";

    private static final Pattern PLAIN = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private JsonPaths() {
    }

    /** The path of field {@code name} of the object at {@code parent}. */
    public static String field(String parent, String name) {
        return PLAIN.matcher(name).matches()
                ? parent + "." + name
                : parent + "['" + name.replace("'", "\\'") + "']";
    }

    /** The path of element {@code index} of the array at {@code parent}. */
    public static String index(String parent, int index) {
        return parent + "[" + index + "]";
    }
}
