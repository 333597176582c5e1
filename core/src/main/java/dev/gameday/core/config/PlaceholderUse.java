package dev.gameday.core.config;

import java.util.List;
import java.util.Objects;

/**
 * Where a spec kept a {@code ${name}} placeholder when it was parsed: the value as written and the
 * file, line and path it was written at, so a placeholder the target cannot fill is refused there
 * ({@link Placeholders#requireKnown}) although the spec holds no YAML any more.
 *
 * @param file          the file, as the user named it
 * @param line          1-based, or 0 when unknown
 * @param path          the field's path, e.g. {@code slos[0].bad.dimensions.TargetGroup}
 * @param text          the value as written, placeholders in place
 * @param mustNotBeEmpty whether the filled value must not be blank (a dimension value)
 */
public record PlaceholderUse(String file, int line, String path, String text, boolean mustNotBeEmpty) {

    public PlaceholderUse {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }

    /** The use of the placeholders of a scalar node. */
    public static PlaceholderUse of(ConfigNode node, boolean mustNotBeEmpty) {
        return new PlaceholderUse(node.file(), node.line(), node.path(), node.text(), mustNotBeEmpty);
    }

    /** The placeholder names in the value, in order, spaces trimmed. */
    public List<String> names() {
        return Placeholders.names(text);
    }

    /** An error located where the placeholder was written. */
    public ConfigException error(String reason) {
        return new ConfigException(file, line, path, reason);
    }
}
