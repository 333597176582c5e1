package dev.gameday.chaos.template;

import dev.gameday.core.config.Placeholders;

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
 * Finds and fills {@code ${name}} placeholders in the string values of a template's JSON tree, by
 * core's one rule ({@link Placeholders}). Only values are filled, never field names: FIS field
 * names are fixed, and target/action names are referenced elsewhere in the document.
 *
 * <p>Templates shared between teams also carry values written for people to replace, such as
 * {@code arn:aws:iam::<YOUR AWS ACCOUNT>:role/fis}: {@link #valuesToFill} finds those as well.
 */
public final class TemplatePlaceholders {

    /** A value written for people: {@code <YOUR AWS ACCOUNT>}, {@code <account-id>} (no nested brackets). */
    public static final Pattern FOR_PEOPLE = Pattern.compile("<[^<>\\s][^<>]*>");

    private TemplatePlaceholders() {
    }

    /**
     * A deep copy of {@code tree} with every placeholder whose name is in {@code values} replaced;
     * placeholders without a value are left in place for validation to report, each with its path.
     */
    public static JsonNode fill(JsonNode tree, Map<String, String> values) {
        if (tree.isTextual()) {
            return TextNode.valueOf(Placeholders.fillKnown(tree.textValue(), values));
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

    /** Every placeholder in the string values under {@code tree}, in document order. */
    public static List<Placeholder> find(JsonNode tree, String path) {
        List<Placeholder> found = new ArrayList<>();
        collect(tree, path, found);
        return found;
    }

    private static void collect(JsonNode node, String path, List<Placeholder> found) {
        if (node.isTextual()) {
            Placeholders.names(node.textValue()).forEach(name -> found.add(new Placeholder(name, path)));
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

    /**
     * Every value still to fill in the string values under {@code tree}, in document order: each
     * {@code ${name}} and each {@code <…>} written for people. The top-level {@code description}
     * is free text and is not searched.
     */
    public static List<ValueToFill> valuesToFill(JsonNode tree, String path) {
        List<ValueToFill> found = new ArrayList<>();
        collectToFill(tree, path, found);
        return found;
    }

    /** Whether {@code value} holds a {@code ${name}} or a {@code <…>} written for people. */
    public static boolean holdsValueToFill(String value) {
        return Placeholders.holdsAny(value) || FOR_PEOPLE.matcher(value).find();
    }

    private static void collectToFill(JsonNode node, String path, List<ValueToFill> found) {
        if (node.isTextual()) {
            Matcher m = Placeholders.PATTERN.matcher(node.textValue());
            while (m.find()) {
                found.add(new ValueToFill(m.group(), path));
            }
            m = FOR_PEOPLE.matcher(node.textValue());
            while (m.find()) {
                found.add(new ValueToFill(m.group(), path));
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String at = JsonPaths.field(path, field.getKey());
                if (!at.equals(JsonPaths.field(JsonPaths.ROOT, "description"))) {
                    collectToFill(field.getValue(), at, found);
                }
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collectToFill(node.get(i), JsonPaths.index(path, i), found);
            }
        }
    }
}
