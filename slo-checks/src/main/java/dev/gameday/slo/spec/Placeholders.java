package dev.gameday.slo.spec;

import dev.gameday.core.config.ConfigNode;

import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code ${name}} placeholders from a target's parameters ({@code loadBalancer},
 * {@code cluster}, …), so one SLO file serves the local platform and AWS alike.
 */
public final class Placeholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    private Placeholders() {
    }

    /**
     * The scalar's text with every placeholder filled.
     *
     * @throws dev.gameday.core.config.ConfigException naming the node and the placeholder when a
     *                                                 parameter is missing
     */
    public static String fill(ConfigNode node, Map<String, String> parameters) {
        String text = node.text();
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).trim();
            String value = parameters.get(name);
            if (value == null) {
                throw node.error("placeholder ${" + name + "} is not filled: the target has no parameter '" + name
                        + "' (it has: " + String.join(", ", new TreeSet<>(parameters.keySet())) + ")");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
