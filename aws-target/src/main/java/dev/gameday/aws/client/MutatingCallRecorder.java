package dev.gameday.aws.client;

import dev.gameday.core.event.EventLog;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Records every AWS call that may change something (anything but {@code Describe*}, {@code List*},
 * {@code Get*}, {@code Test*}) as an event {@code aws.call} (source {@code aws}) with the service, the operation,
 * the outcome and AWS's request id, so a run's timeline shows everything the harness did to the
 * account — whichever component made the call. Read calls are not recorded: the inventory and the
 * status line make many and they change nothing.
 */
public final class MutatingCallRecorder implements ExecutionInterceptor {

    /** The {@code source} of the events this recorder emits. */
    public static final String EVENT_SOURCE = "aws";
    /** The {@code type} of the events this recorder emits. */
    public static final String EVENT_TYPE = "aws.call";

    private final EventLog events;

    public MutatingCallRecorder(EventLog events) {
        this.events = Objects.requireNonNull(events, "events");
    }

    /**
     * Whether an operation name is a read (AWS's naming convention for side-effect-free calls;
     * Route 53's {@code TestDNSAnswer} only asks a name server).
     */
    public static boolean isRead(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get")
                || operation.startsWith("Test");
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String requestId = context.httpResponse().firstMatchingHeader("x-amzn-RequestId")
                .or(() -> context.httpResponse().firstMatchingHeader("x-amz-request-id")).orElse(null);
        record(attributes, "ok", context.httpResponse().statusCode(), requestId, null);
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        Integer status = context.httpResponse().map(r -> r.statusCode()).orElse(null);
        record(attributes, "failed", status, null, String.valueOf(context.exception().getMessage()));
    }

    private void record(ExecutionAttributes attributes, String outcome, Integer status, String requestId, String error) {
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        if (operation == null || isRead(operation)) {
            return;
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("service", attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME));
        attrs.put("operation", operation);
        attrs.put("outcome", outcome);
        attrs.put("status", status);
        attrs.put("requestId", requestId);
        attrs.put("error", error);
        events.emit(EVENT_SOURCE, EVENT_TYPE, attrs);
    }
}
