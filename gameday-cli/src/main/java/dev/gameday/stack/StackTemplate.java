package dev.gameday.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference deployment's committed CloudFormation template
 * ({@code reference-deployment/template/gameday-shop.template.json}, synthesized by the CDK app and
 * kept fresh by its golden test): what {@code gameday deploy} sends, and the parameters a deployer may
 * set, checked here before anything is called.
 *
 * @param file       where it was read from
 * @param body       the template, compact (CloudFormation takes at most {@value #MAX_BODY} bytes inline)
 * @param parameters name → the parameter's declaration
 */
public record StackTemplate(Path file, String body, Map<String, JsonNode> parameters) {

    /** The template, relative to the project's folder. */
    public static final String FILE = "reference-deployment/template/gameday-shop.template.json";
    /** CreateStack's limit for {@code TemplateBody}; a bigger template would need S3. */
    public static final int MAX_BODY = 51_200;

    public StackTemplate {
        parameters = Map.copyOf(parameters);
    }

    /** Reads {@link #FILE} under {@code home}. */
    public static StackTemplate load(Path home) {
        Path file = home.resolve(FILE);
        ObjectMapper json = new ObjectMapper();
        try {
            JsonNode template = json.readTree(file.toFile());
            Map<String, JsonNode> parameters = new LinkedHashMap<>();
            template.path("Parameters").fields().forEachRemaining(e -> parameters.put(e.getKey(), e.getValue()));
            String body = json.writeValueAsString(template);
            if (body.getBytes(StandardCharsets.UTF_8).length > MAX_BODY) {
                throw new IllegalStateException(file + " is " + body.length() + " bytes compact, over CreateStack's "
                        + MAX_BODY + "-byte TemplateBody limit");
            }
            return new StackTemplate(file, body, parameters);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the stack's template " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Checks values given as {@code --set NAME=VALUE} against the template's parameters (name,
     * allowed values, minimum) and that every parameter without a default is given.
     *
     * @param given   name → value
     * @param updating whether the stack exists (then a missing required value keeps the deployed one)
     * @return the values, sorted by name
     * @throws IllegalArgumentException naming the parameter and what the template allows
     */
    public Map<String, String> check(Map<String, String> given, boolean updating) {
        List<String> problems = new ArrayList<>();
        given.forEach((name, value) -> {
            JsonNode declared = parameters.get(name);
            if (declared == null) {
                problems.add("--set " + name + ": the template has no parameter '" + name + "'; it has "
                        + String.join(", ", new TreeMap<>(parameters).keySet()));
                return;
            }
            JsonNode allowed = declared.get("AllowedValues");
            if (allowed != null) {
                List<String> values = new ArrayList<>();
                allowed.forEach(v -> values.add(v.asText()));
                if (!values.contains(value)) {
                    problems.add("--set " + name + "=" + value + ": the template allows " + String.join(", ", values));
                }
            }
            if (declared.path("Type").asText().equals("Number")) {
                try {
                    double number = Double.parseDouble(value);
                    if (declared.has("MinValue") && number < declared.get("MinValue").asDouble()) {
                        problems.add("--set " + name + "=" + value + ": must be at least " + declared.get("MinValue").asText());
                    }
                } catch (NumberFormatException e) {
                    problems.add("--set " + name + "=" + value + ": must be a number");
                }
            }
        });
        if (!updating) {
            parameters.forEach((name, declared) -> {
                if (!declared.has("Default") && !given.containsKey(name)) {
                    problems.add(name + " has no default: give it (--set " + name + "=…"
                            + (name.equals("ImageUri") ? ", or --image" : "") + ")");
                }
            });
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(file + ": " + String.join("; ", problems));
        }
        return new TreeMap<>(given);
    }
}
