package dev.gameday.chaos.validation;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.chaos.actions.FisAction;
import dev.gameday.chaos.actions.FisCatalogue;
import dev.gameday.chaos.actions.FisParameter;
import dev.gameday.chaos.actions.FisResourceType;
import dev.gameday.chaos.actions.FisTargetKey;
import dev.gameday.chaos.actions.ParameterType;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Collections;
import java.util.List;

/**
 * Builds, from the catalogue alone, the smallest template FIS accepts for an action, and values
 * just outside what a parameter takes: the catalogue's own description of FIS is what is tested.
 */
final class MinimalTemplates {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final String ACTION = "a";

    private MinimalTemplates() {
    }

    /** One action named {@value #ACTION} with its required parameters and a target per required key. */
    static ObjectNode forAction(FisCatalogue catalogue, FisAction action) {
        ObjectNode template = NODES.objectNode();
        template.put("description", "minimal " + action.id());
        ObjectNode targets = template.putObject("targets");
        ObjectNode a = template.putObject("actions").putObject(ACTION);
        a.put("actionId", action.id());
        ObjectNode parameters = a.putObject("parameters");
        action.parameters().stream().filter(FisParameter::required).forEach(p -> parameters.put(p.name(), sample(p)));
        ObjectNode actionTargets = a.putObject("targets");
        for (FisTargetKey key : action.targets()) {
            if (key.required()) {
                String name = "t" + key.key();
                actionTargets.put(key.key(), name);
                targets.set(name, target(catalogue.resourceType(key.resourceTypes().get(0)).orElseThrow(), key));
            }
        }
        template.putArray("stopConditions").addObject().put("source", "none");
        return template;
    }

    private static ObjectNode target(FisResourceType type, FisTargetKey key) {
        ObjectNode target = NODES.objectNode();
        target.put("resourceType", type.id());
        String how = key.selectBy().isEmpty() ? "resourceArns" : key.selectBy().get(0);
        switch (how) {
            case "resourceArns" -> target.putArray("resourceArns").add("arn:aws:fis-test:eu-west-1:123456789012:thing/one");
            case "resourceTags" -> target.putObject("resourceTags").put("fis", "ready");
            case "parameters" -> target.putObject("parameters");
            default -> throw new IllegalStateException("unknown selection " + how);
        }
        List<FisParameter> required = type.parameters().stream().filter(FisParameter::required).toList();
        if (!required.isEmpty()) {
            ObjectNode parameters = target.has("parameters") ? (ObjectNode) target.get("parameters") : target.putObject("parameters");
            required.forEach(p -> parameters.put(p.name(), sample(p)));
        }
        target.put("selectionMode", "ALL");
        return target;
    }

    /** A value FIS accepts for {@code p}. */
    static String sample(FisParameter p) {
        return switch (p.type()) {
            case DURATION -> p.min() != null ? p.min() : "PT5M";
            case INTEGER, PERCENTAGE -> p.min() != null ? p.min() : p.max() != null ? p.max() : "1";
            case BOOLEAN -> "true";
            case ENUM -> p.values().get(0);
            case LIST -> p.values().isEmpty() ? "one,two" : p.values().get(0);
            case JSON -> "{\"Key\": \"value\"}";
            case ARN -> "arn:aws:ssm:eu-west-1::document/AWSFIS-Run-CPU-Stress";
            case STRING -> "x";
        };
    }

    /** A value just outside what {@code p} takes; {@code null} when the parameter has no bound to break. */
    static String outOfRange(FisParameter p) {
        if (p.type() == ParameterType.DURATION) {
            if (p.max() != null) {
                return Duration.parse(p.max()).plusSeconds(1).toString();
            }
            return p.min() == null ? null : Duration.parse(p.min()).minusSeconds(1).toString();
        }
        if (p.type() == ParameterType.INTEGER || p.type() == ParameterType.PERCENTAGE) {
            if (p.max() != null) {
                return new BigDecimal(p.max()).add(BigDecimal.ONE).toPlainString();
            }
            return p.min() == null ? null : new BigDecimal(p.min()).subtract(BigDecimal.ONE).toPlainString();
        }
        if (p.type() == ParameterType.ENUM || (p.type() == ParameterType.LIST && !p.values().isEmpty())) {
            return "not-" + p.values().get(0);
        }
        if (p.type() == ParameterType.LIST && p.maxItems() != null) {
            return String.join(",", Collections.nCopies(p.maxItems() + 1, "x"));
        }
        return null;
    }
}
