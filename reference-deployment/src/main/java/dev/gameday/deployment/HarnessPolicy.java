package dev.gameday.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.CfnCondition;
import software.amazon.awscdk.Fn;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The harness's own IAM policy, {@value #FILE}, as the stack creates it: the file's statements (Sids,
 * actions, conditions) unchanged, each example ARN in a {@code Resource} or a condition replaced by
 * what it stands for in this stack. The file stays the one source: an action added to it is in the
 * stack's policy at the next synthesis (and the golden template test fails until the committed
 * template is rewritten); an ARN the stack has no counterpart for stops the synthesis, naming it.
 */
final class HarnessPolicy {

    /** The policy, relative to the project's folder. */
    static final String FILE = "docs/aws-iam-policy.json";

    /**
     * What one example ARN of the file becomes in the stack.
     *
     * @param arns      the stack's ARNs for it (none: the resource does not exist in this variant, dropped)
     * @param condition the stack condition those resources exist under, or {@code null} when always; a
     *                  statement naming one exists only under that condition
     */
    record Scope(List<String> arns, CfnCondition condition) {
        static Scope of(String... arns) {
            return new Scope(List.of(arns), null);
        }
    }

    private HarnessPolicy() {
    }

    /**
     * The policy document for {@code AWS::IAM::ManagedPolicy}.
     *
     * @param scopes example ARN of the file → the stack's; {@code "*"} needs none
     */
    static Map<String, Object> document(Path home, Map<String, Scope> scopes) {
        Path file = home.resolve(FILE);
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the harness's IAM policy", e);
        }
        List<Object> statements = new ArrayList<>();
        JsonNode all = root.path("Statement");
        for (int i = 0; i < all.size(); i++) {
            JsonNode statement = all.get(i);
            String where = file + ": Statement[" + i + "] (" + statement.path("Sid").asText("no Sid") + ")";
            List<CfnCondition> conditions = new ArrayList<>();
            Map<String, Object> scoped = new LinkedHashMap<>();
            statement.fields().forEachRemaining(field -> scoped.put(field.getKey(), switch (field.getKey()) {
                case "Resource" -> resources(field.getValue(), scopes, where + ": Resource", conditions);
                case "Condition" -> condition(field.getValue(), scopes, where + ": Condition", conditions);
                default -> plain(field.getValue());
            }));
            if (scoped.get("Resource") instanceof List<?> resources && resources.isEmpty()) {
                continue; // every resource it names is absent from this variant of the stack
            }
            if (conditions.stream().distinct().count() > 1) {
                throw new IllegalStateException(where + ": names resources of two stack conditions; split the statement");
            }
            statements.add(conditions.isEmpty() ? scoped
                    : Fn.conditionIf(conditions.get(0).getLogicalId(), scoped, Aws.NO_VALUE));
        }
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("Version", root.path("Version").asText());
        document.put("Statement", statements);
        return document;
    }

    private static Object resources(JsonNode value, Map<String, Scope> scopes, String where, List<CfnCondition> conditions) {
        List<String> out = new ArrayList<>();
        for (JsonNode resource : value.isArray() ? value : List.of(value)) {
            out.addAll(scope(resource.asText(), scopes, where, conditions));
        }
        return value.isArray() || out.size() != 1 ? out : out.get(0);
    }

    /** Condition values that are ARNs (e.g. {@code ecs:cluster}) are scoped like resources; the rest stay. */
    private static Map<String, Object> condition(JsonNode value, Map<String, Scope> scopes, String where,
                                                 List<CfnCondition> conditions) {
        Map<String, Object> out = new LinkedHashMap<>();
        value.fields().forEachRemaining(operator -> {
            Map<String, Object> keys = new LinkedHashMap<>();
            operator.getValue().fields().forEachRemaining(key -> {
                JsonNode v = key.getValue();
                String path = where + "." + operator.getKey() + "." + key.getKey();
                keys.put(key.getKey(), v.isTextual() && v.asText().startsWith("arn:")
                        ? single(scope(v.asText(), scopes, path, conditions), path) : plain(v));
            });
            out.put(operator.getKey(), keys);
        });
        return out;
    }

    private static List<String> scope(String arn, Map<String, Scope> scopes, String where, List<CfnCondition> conditions) {
        if (arn.equals("*")) {
            return List.of(arn);
        }
        Scope scope = scopes.get(arn);
        if (scope == null) {
            throw new IllegalStateException(where + ": '" + arn + "' stands for nothing the stack knows;"
                    + " say what it is in this stack (" + GamedayShopStack.class.getSimpleName() + ".harnessPolicy)");
        }
        if (scope.condition() != null) {
            conditions.add(scope.condition());
        }
        return scope.arns();
    }

    private static String single(List<String> arns, String where) {
        if (arns.size() != 1) {
            throw new IllegalStateException(where + ": a condition value must stand for exactly one ARN, not " + arns.size());
        }
        return arns.get(0);
    }

    private static Object plain(JsonNode value) {
        return new ObjectMapper().convertValue(value, Object.class);
    }
}
