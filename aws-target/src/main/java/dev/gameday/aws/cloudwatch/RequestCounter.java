package dev.gameday.aws.cloudwatch;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts what GetMetricData is billed by, as the SDK sends it: every request transmitted — each
 * retry is one — and the metrics each asked for.
 */
final class RequestCounter implements ExecutionInterceptor {

    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong metrics = new AtomicLong();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (context.request() instanceof GetMetricDataRequest request) {
            sent.incrementAndGet();
            metrics.addAndGet(request.metricDataQueries().size());
        }
    }

    long sent() {
        return sent.get();
    }

    long metrics() {
        return metrics.get();
    }
}
