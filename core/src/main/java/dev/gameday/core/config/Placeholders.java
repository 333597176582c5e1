package dev.gameday.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one rule for {@code ${name}} placeholders, wherever a value comes from the target (SLO
 * files, local alarms, FIS templates): a name is taken between {@code ${} and {@code }} with the
 * spaces around it trimmed ({@code ${ zone }} is {@code ${zone}}), and a name with no value is an
 * error. Where the error is raised differs only in when: a YAML value fails at once, naming its
 * file and line ({@link #fill(ConfigNode, Map)}); an FIS template keeps it in place so validation
 * can report every unfilled placeholder with its JSON path in one pass ({@link #fillKnown}).
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
        String text = node.text();
        for (String name : names(text)) {
            if (!values.containsKey(name)) {
                throw node.error("placeholder ${" + name + "} is not filled: the target has no parameter '" + name
                        + "' (it has: " + String.join(", ", new TreeSet<>(values.keySet())) + ")");
            }
        }
        return fillKnown(text, values);
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
