package dev.gameday.chaos.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds and fills {@code ${name}} placeholders in the string values of a template's JSON tree.
 * Only values are filled, never field names: FIS field names are fixed, and target/action names
 * are referenced elsewhere in the document.
 */
public final class Placeholders {

    /** {@code ${name}}: a name starts with a letter and may hold letters, digits, {@code _ . -}. */
    public static final Pattern PATTERN = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_.-]*)}");

    private Placeholders() {
    }

    /**
     * A deep copy of {@code tree} with every placeholder whose name is in {@code values} replaced;
     * unknown placeholders are left in place for validation to report.
     */
    public static JsonNode fill(JsonNode tree, Map<String, String> values) {
        if (tree.isTextual()) {
            return TextNode.valueOf(fill(tree.textValue(), values));
        }
        if (tree.isObject()) {
            ObjectNode copy = JsonNodeFactory.instance.objectNode();
            for (Iterator<Map.Entry<String, JsonNode>> it = tree.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                copy.set(field.getKey(), fill(field.getValue(), values));
            }
            return copy;
        }
        if (tree.isArray()) {
            ArrayNode copy = JsonNodeFactory.instance.arrayNode();
            tree.forEach(element -> copy.add(fill(element, values)));
            return copy;
        }
        return tree.deepCopy();
    }

    /** {@code text} with every placeholder whose name is in {@code values} replaced. */
    public static String fill(String text, Map<String, String> values) {
        Matcher m = PATTERN.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(value != null ? value : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Every placeholder in the string values under {@code tree}, in document order. */
    public static List<Placeholder> find(JsonNode tree, String path) {
        List<Placeholder> found = new ArrayList<>();
        collect(tree, path, found);
        return found;
    }

    private static void collect(JsonNode node, String path, List<Placeholder> found) {
        if (node.isTextual()) {
            Matcher m = PATTERN.matcher(node.textValue());
            while (m.find()) {
                found.add(new Placeholder(m.group(1), path));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                collect(field.getValue(), JsonPaths.field(path, field.getKey()), found);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(node.get(i), JsonPaths.index(path, i), found);
            }
        }
    }
}
