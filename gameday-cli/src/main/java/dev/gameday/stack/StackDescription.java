package dev.gameday.stack;

import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One deployed stack as CloudFormation's {@code DescribeStacks} describes it: where it is, its status,
 * its outputs and tags. Read from a saved {@code aws cloudformation describe-stacks} answer
 * ({@link #read}), or built from the SDK's answer by {@code gameday deploy}.
 *
 * @param source  where the description came from (errors name it)
 * @param stackId the stack's ARN
 * @param name    the stack's name
 * @param region  the region, from the ARN
 * @param account the account, from the ARN
 * @param status  e.g. {@code CREATE_COMPLETE}
 * @param outputs output key → value
 * @param tags    the stack's tags
 */
public record StackDescription(String source, String stackId, String name, String region, String account,
                               String status, Map<String, String> outputs, Map<String, String> tags) {

    /** The statuses a stack has working resources and its outputs in. */
    public static final Set<String> USABLE = Set.of("CREATE_COMPLETE", "UPDATE_COMPLETE", "UPDATE_ROLLBACK_COMPLETE",
            "IMPORT_COMPLETE");

    private static final Pattern STACK_ARN =
            Pattern.compile("arn:aws[a-z-]*:cloudformation:([a-z0-9-]+):(\\d{12}):stack/([^/]+)/.+");

    public StackDescription {
        outputs = Map.copyOf(outputs);
        tags = Map.copyOf(tags);
    }

    /**
     * Builds a description from the stack's ARN, checking it is one.
     *
     * @throws IllegalArgumentException when {@code stackId} is not a CloudFormation stack ARN
     */
    public static StackDescription of(String source, String stackId, String status, Map<String, String> outputs,
                                      Map<String, String> tags) {
        Matcher m = STACK_ARN.matcher(stackId);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a CloudFormation stack ARN: '" + stackId + "'");
        }
        return new StackDescription(source, stackId, m.group(3), m.group(1), m.group(2), status, outputs, tags);
    }

    /**
     * Reads a saved {@code describe-stacks} answer ({@code {"Stacks": [...]}}). With several stacks in
     * it, {@code stackName} picks one; with one, it may be {@code null}.
     *
     * @throws ConfigException naming the file, line and field of what is wrong
     */
    public static StackDescription read(Path file, String stackName) {
        ConfigNode root = ConfigNode.load(file);
        List<ConfigNode> stacks = root.get("Stacks").list();
        if (stacks.isEmpty()) {
            throw root.get("Stacks").error("holds no stack");
        }
        ConfigNode stack;
        if (stackName == null) {
            if (stacks.size() > 1) {
                throw root.get("Stacks").error("holds " + stacks.size() + " stacks (" + names(stacks)
                        + "); name the one to use with --stack");
            }
            stack = stacks.get(0);
        } else {
            stack = stacks.stream().filter(s -> s.text("StackName", "").equals(stackName)).findFirst()
                    .orElseThrow(() -> root.get("Stacks").error("has no stack named '" + stackName + "' (it has "
                            + names(stacks) + ")"));
        }
        ConfigNode id = stack.get("StackId");
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.find("Outputs").ifPresent(list -> list.list().forEach(o ->
                outputs.put(o.get("OutputKey").text(), o.find("OutputValue").map(ConfigNode::text).orElse(""))));
        Map<String, String> tags = new LinkedHashMap<>();
        stack.find("Tags").ifPresent(list -> list.list().forEach(t -> tags.put(t.get("Key").text(), t.get("Value").text())));
        StackDescription description;
        try {
            description = of(file.toString(), id.text(), stack.get("StackStatus").text(), outputs, tags);
        } catch (IllegalArgumentException e) {
            throw id.error(e.getMessage());
        }
        if (!USABLE.contains(description.status())) {
            throw stack.get("StackStatus").error("the stack is " + description.status()
                    + ": only a stack in " + String.join(", ", USABLE.stream().sorted().toList())
                    + " has working resources to write a target file for");
        }
        return description;
    }

    /** The value of {@code output}, if the stack has it. */
    public Optional<String> output(StackOutput output) {
        return Optional.ofNullable(outputs.get(output.key())).filter(v -> !v.isBlank());
    }

    /** The value of a required {@code output}. */
    public String required(StackOutput output) {
        return output(output).orElseThrow(() -> new ConfigException(source, 0, "Outputs",
                "stack " + name + " has no output '" + output.key() + "' (" + output.description()
                        + "): is it the reference deployment's stack (reference-deployment/template)?"));
    }

    private static String names(List<ConfigNode> stacks) {
        List<String> names = new ArrayList<>();
        stacks.forEach(s -> names.add(s.text("StackName", "?")));
        return String.join(", ", names);
    }
}
