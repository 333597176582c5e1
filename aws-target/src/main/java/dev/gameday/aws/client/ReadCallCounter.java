package dev.gameday.aws.client;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the requests sent for a run's evidence, as the SDK sends them — each retry is one — by
 * {@code service:Operation} ({@code ecs:DescribeServices}). Only requests marked with {@link #COUNTED}
 * count: the same clients serve the status line, whose calls are not the run's evidence.
 */
public final class ReadCallCounter implements ExecutionInterceptor {

    /** Put on a request's override configuration ({@code putExecutionAttribute(COUNTED, true)}) to count it. */
    public static final ExecutionAttribute<Boolean> COUNTED = new ExecutionAttribute<>("gameday.countedReadCall");

    private final Map<String, AtomicLong> sent = new ConcurrentHashMap<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(COUNTED))) {
            return;
        }
        String service = String.valueOf(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME)).toLowerCase(Locale.ROOT);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        sent.computeIfAbsent(service + ":" + operation, k -> new AtomicLong()).incrementAndGet();
    }

    /** The requests sent so far, by {@code service:Operation}, sorted. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        sent.forEach((call, n) -> out.put(call, n.get()));
        return out;
    }
}
