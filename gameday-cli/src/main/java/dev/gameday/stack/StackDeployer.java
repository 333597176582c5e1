package dev.gameday.stack;

import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.DescribeStackEventsResponse;
import software.amazon.awssdk.services.cloudformation.model.OnFailure;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;
import software.amazon.awssdk.services.cloudformation.model.Tag;

import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Creates, updates and deletes the reference deployment's stack through the CloudFormation API,
 * printing every stack event as it comes, and only ever touching a stack the harness created (the
 * {@value #TAG} tag). A failure quotes the events that failed and says what CloudFormation did about
 * it: a failed creation is deleted whole ({@code OnFailure=DELETE}, nothing is left to pay for), a
 * failed update is rolled back to the stack as it was.
 */
public final class StackDeployer {

    /** The tag {@code gameday deploy} puts on the stack; {@code gameday destroy} deletes nothing without it. */
    public static final String TAG = "gameday:stack";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

    private final CloudFormationClient cloudFormation;
    private final Consumer<String> progress;
    private final Duration pollInterval;

    /**
     * @param pollInterval between two looks at the stack's events and status (CloudFormation's own
     *                     waiters poll every 30 s; a few seconds shows progress without nearing its limits)
     */
    public StackDeployer(CloudFormationClient cloudFormation, Consumer<String> progress, Duration pollInterval) {
        this.cloudFormation = cloudFormation;
        this.progress = progress;
        this.pollInterval = pollInterval;
    }

    /**
     * A CloudFormation client for {@code region}: credentials from the SDK's default chain,
     * {@code endpoint} overriding AWS's (LocalStack, tests) when not {@code null}.
     */
    public static CloudFormationClient client(String region, URI endpoint) {
        var builder = CloudFormationClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder())
                .region(Region.of(region));
        if (endpoint != null) {
            builder.endpointOverride(endpoint);
        }
        return builder.build();
    }

    /** Why a deployment or deletion did not end as asked; the message quotes CloudFormation's reasons. */
    public static final class StackOperationFailed extends RuntimeException {
        public StackOperationFailed(String message) {
            super(message);
        }
    }

    /**
     * Creates the stack, or updates it when it exists (and carries the harness's tag), and waits for
     * the end.
     *
     * @param parameters the values to set; on an update, the others keep their deployed values
     * @return the stack as it stands afterwards, with its outputs
     * @throws StackOperationFailed when CloudFormation could not do it, or the stack is not the harness's
     */
    public StackDescription deploy(String name, StackTemplate template, Map<String, String> parameters) {
        template.check(parameters, true); // names and values, before anything is called
        Optional<Stack> existing = describe(name);
        existing.ifPresent(stack -> {
            requireTagged(stack);
            if (stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                throw new StackOperationFailed("stack " + name + " is " + stack.stackStatusAsString()
                        + ": wait for CloudFormation to finish before deploying again");
            }
        });
        Map<String, String> values = template.check(parameters, existing.isPresent());
        // Events are told apart by id, not by time: the local clock need not agree with AWS's.
        String since = existing.map(stack -> newestEventId(stack.stackId())).orElse(null);
        String stackId;
        if (existing.isEmpty()) {
            progress.accept("creating stack " + name + " (" + values.size() + " parameters set, the others at their defaults)…");
            stackId = cloudFormation.createStack(b -> b.stackName(name).templateBody(template.body())
                    .parameters(parameters(values, template, false)).capabilities(Capability.CAPABILITY_IAM)
                    .onFailure(OnFailure.DELETE).tags(Tag.builder().key(TAG).value(name).build())).stackId();
        } else {
            progress.accept("updating stack " + name + " (" + existing.get().stackStatusAsString() + ")…");
            stackId = existing.get().stackId();
            try {
                cloudFormation.updateStack(b -> b.stackName(name).templateBody(template.body())
                        .parameters(parameters(values, template, true)).capabilities(Capability.CAPABILITY_IAM)
                        .tags(Tag.builder().key(TAG).value(name).build()));
            } catch (CloudFormationException e) {
                if (String.valueOf(e.awsErrorDetails().errorMessage()).contains("No updates are to be performed")) {
                    progress.accept("stack " + name + " is already as asked: nothing to update");
                    return description(existing.get());
                }
                throw e;
            }
        }
        Stack done = waitForEnd(stackId, since);
        String status = done.stackStatusAsString();
        if (status.equals("CREATE_COMPLETE") || status.equals("UPDATE_COMPLETE")) {
            progress.accept("stack " + name + " is " + status);
            return description(done);
        }
        String what = existing.isEmpty()
                ? "the creation of stack " + name + " failed and CloudFormation deleted what it had created (" + status + ")"
                : "the update of stack " + name + " failed and was rolled back to the stack as it was (" + status + ")";
        throw new StackOperationFailed(what + failures(stackId, since));
    }

    /**
     * Deletes the stack — only if the harness created it ({@value #TAG}) and it is the one
     * {@code expectedLoadBalancerArn} belongs to — and waits until it is gone.
     *
     * @throws StackOperationFailed when it is not the harness's stack or CloudFormation could not delete it
     */
    public void destroy(String name, String expectedLoadBalancerArn) {
        Stack stack = describe(name).orElseThrow(() -> new StackOperationFailed("there is no stack " + name
                + " in this region (already destroyed?)"));
        requireTagged(stack);
        String loadBalancer = description(stack).output(StackOutput.LOAD_BALANCER_ARN).orElse("");
        if (!loadBalancer.equals(expectedLoadBalancerArn)) {
            throw new StackOperationFailed("stack " + name + " is not the deployment the target file describes: its load balancer is '"
                    + loadBalancer + "', the target file's is '" + expectedLoadBalancerArn + "'; nothing deleted");
        }
        String since = newestEventId(stack.stackId());
        progress.accept("deleting stack " + name + "…");
        cloudFormation.deleteStack(b -> b.stackName(stack.stackId()));
        Stack done = waitForEnd(stack.stackId(), since);
        if (!done.stackStatusAsString().equals("DELETE_COMPLETE")) {
            throw new StackOperationFailed("stack " + name + " could not be deleted (" + done.stackStatusAsString() + ")"
                    + failures(stack.stackId(), since));
        }
        progress.accept("stack " + name + " is deleted: nothing of it is left running");
    }

    /** The stack, if it exists (a deleted stack is looked up by its id only). */
    public Optional<Stack> describe(String nameOrId) {
        try {
            return cloudFormation.describeStacks(b -> b.stackName(nameOrId)).stacks().stream().findFirst();
        } catch (CloudFormationException e) {
            if (String.valueOf(e.awsErrorDetails().errorMessage()).contains("does not exist")) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Polls events and status until the stack is no longer in progress, printing each new event. */
    private Stack waitForEnd(String stackId, String since) {
        Set<String> seen = new HashSet<>();
        while (true) {
            for (StackEvent event : newEvents(stackId, since, seen)) {
                progress.accept("  " + TIME.format(event.timestamp()) + "  " + pad(event.resourceStatusAsString(), 20) + " "
                        + pad(event.resourceType(), 44) + " " + event.logicalResourceId()
                        + (event.resourceStatusReason() == null ? "" : "  — " + event.resourceStatusReason()));
            }
            Stack stack = describe(stackId).orElseThrow(() -> new StackOperationFailed("stack " + stackId + " disappeared"));
            if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
                return stack;
            }
            pause();
        }
    }

    /** The id of the stack's newest event, or {@code null} if it has none. */
    private String newestEventId(String stackId) {
        return cloudFormation.describeStackEvents(b -> b.stackName(stackId)).stackEvents().stream().findFirst()
                .map(StackEvent::eventId).orElse(null);
    }

    /**
     * The events after the one with id {@code since} (all, when {@code null}) not yet {@code seen},
     * oldest first (CloudFormation lists them newest first, in pages).
     */
    private List<StackEvent> newEvents(String stackId, String since, Set<String> seen) {
        List<StackEvent> fresh = new ArrayList<>();
        String token = null;
        boolean older = false;
        do {
            String page = token;
            DescribeStackEventsResponse response = cloudFormation.describeStackEvents(b -> b.stackName(stackId).nextToken(page));
            for (StackEvent event : response.stackEvents()) {
                if (event.eventId().equals(since) || seen.contains(event.eventId())) {
                    older = true;
                    break;
                }
                fresh.add(event);
            }
            token = response.nextToken();
        } while (!older && token != null);
        fresh.forEach(e -> seen.add(e.eventId()));
        Collections.reverse(fresh);
        return fresh;
    }

    /** The failed events after {@code since}, quoted, oldest first. */
    private String failures(String stackId, String since) {
        List<String> quoted = new ArrayList<>();
        for (StackEvent event : newEvents(stackId, since, new HashSet<>())) {
            if (event.resourceStatusAsString().endsWith("_FAILED") && event.resourceStatusReason() != null) {
                quoted.add(event.logicalResourceId() + " (" + event.resourceType() + "): \"" + event.resourceStatusReason() + "\"");
            }
        }
        return quoted.isEmpty() ? "" : "; what failed:\n  " + String.join("\n  ", quoted);
    }

    private void requireTagged(Stack stack) {
        if (stack.tags().stream().noneMatch(t -> t.key().equals(TAG))) {
            throw new StackOperationFailed("stack " + stack.stackName() + " was not created by gameday (it has no "
                    + TAG + " tag): gameday leaves it alone");
        }
    }

    private static List<Parameter> parameters(Map<String, String> values, StackTemplate template, boolean updating) {
        List<Parameter> out = new ArrayList<>();
        values.forEach((k, v) -> out.add(Parameter.builder().parameterKey(k).parameterValue(v).build()));
        if (updating) {
            // What is not given keeps its deployed value rather than falling back to the default.
            for (String name : new TreeSet<>(template.parameters().keySet())) {
                if (!values.containsKey(name)) {
                    out.add(Parameter.builder().parameterKey(name).usePreviousValue(true).build());
                }
            }
        }
        return out;
    }

    /** The SDK's stack as the harness's description. */
    public static StackDescription description(Stack stack) {
        Map<String, String> outputs = new LinkedHashMap<>();
        stack.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue() == null ? "" : o.outputValue()));
        Map<String, String> tags = new LinkedHashMap<>();
        stack.tags().forEach(t -> tags.put(t.key(), t.value()));
        return StackDescription.of("stack " + stack.stackName(), stack.stackId(), stack.stackStatusAsString(), outputs, tags);
    }

    private void pause() {
        if (pollInterval.isZero()) {
            return;
        }
        try {
            Thread.sleep(pollInterval.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackOperationFailed("interrupted while waiting for CloudFormation; the stack operation goes on"
                    + " in AWS (see the console or `aws cloudformation describe-stack-events`)");
        }
    }

    private static String pad(String text, int width) {
        return String.format("%-" + width + "s", text);
    }
}
