package dev.gameday.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for {@code ${name}} placeholders, wherever a value comes from the target (SLO
 * files, local alarms, FIS templates): a name is taken between {@code ${} and {@code }} with the
 * spaces around it trimmed ({@code ${ zone }} is {@code ${zone}}), and a name with no value is an
 * error. Where the error is raised differs only in when: a YAML value fails at once, naming its
 * file and line ({@link #fill(ConfigNode, Map)}); a spec parsed once keeps its placeholders with
 * where they were written ({@link PlaceholderUse}), checked against the target's parameter names
 * before anything starts ({@link #requireKnown}) and filled when the target opens
 * ({@link #filler}); an FIS template keeps it in place so validation can report every unfilled
 * placeholder with its JSON path in one pass ({@link #fillKnown}).
 */
public final class Placeholders {

    /** {@code ${name}}, group 1 the name as written between the braces, spaces trimmed. */
    public static final Pattern PATTERN = Pattern.compile("\\$\\{\\s*([^}]*?)\\s*}");

    private Placeholders() {
    }

    /** The names of the placeholders in {@code text}, in order, spaces trimmed. */
    public static List<String> names(String text) {
        List<String> out = new ArrayList<>();
        Matcher m = PATTERN.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** Whether {@code text} holds at least one placeholder. */
    public static boolean holdsAny(String text) {
        return PATTERN.matcher(text).find();
    }

    /**
     * The scalar's text with every placeholder filled.
     *
     * @throws ConfigException naming the node, the placeholder and the names there are, when one has no value
     */
    public static String fill(ConfigNode node, Map<String, String> values) {
        requireKnown(List.of(PlaceholderUse.of(node, false)), values.keySet());
        return fillKnown(node.text(), values);
    }

    /**
     * Refuses the first placeholder whose name is not one of {@code names} (the target's parameter
     * names), at the file, line and path it was written.
     *
     * @throws ConfigException naming the placeholder and the names there are
     */
    public static void requireKnown(Collection<PlaceholderUse> uses, Collection<String> names) {
        for (PlaceholderUse use : uses) {
            for (String name : use.names()) {
                if (!names.contains(name)) {
                    throw use.error("placeholder ${" + name + "} is not filled: the target has no parameter '" + name
                            + "' (it has: " + String.join(", ", new TreeSet<>(names)) + ")");
                }
            }
        }
    }

    /**
     * The one step that fills a spec's kept placeholders with the target's values: checks every use
     * ({@link #requireKnown}; a dimension value must not come out empty), then returns the function
     * that fills a value as written.
     *
     * @throws ConfigException at the first use that cannot be filled
     */
    public static UnaryOperator<String> filler(Collection<PlaceholderUse> uses, Map<String, String> values) {
        requireKnown(uses, values.keySet());
        for (PlaceholderUse use : uses) {
            if (use.mustNotBeEmpty() && fillKnown(use.text(), values).isBlank()) {
                throw use.error("dimension value must not be empty (the target's value for "
                        + String.join(", ", use.names()) + " is empty)");
            }
        }
        Map<String, String> copy = Map.copyOf(values);
        return text -> fillKnown(text, copy);
    }

    /** {@code text} with every placeholder that has a value filled; the others are left as written. */
    public static String fillKnown(String text, Map<String, String> values) {
        Matcher m = PATTERN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
