package dev.gameday.aws.client;

import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

import java.time.Duration;

/**
 * The one retry set-up of every AWS client the harness builds: the SDK's standard strategy
 * (throttling, 5xx and connection failures retried, full-jitter exponential backoff), with more
 * attempts and a longer ceiling than the SDK's default because Describe and GetMetricData calls
 * on a busy account get throttled for longer than three tries. Attempts are counted by the
 * clients' interceptors, not here.
 */
public final class AwsRetries {

    /** Attempts in all, the first included. */
    public static final int ATTEMPTS = 6;
    /** The first retry waits up to this, doubling each time… */
    public static final Duration BASE_DELAY = Duration.ofMillis(200);
    /** …up to this. */
    public static final Duration MAX_DELAY = Duration.ofSeconds(20);

    private AwsRetries() {
    }

    /** The harness's retries: {@value #ATTEMPTS} attempts, backoff from 200 ms to 20 s. */
    public static RetryStrategy standard() {
        return of(ATTEMPTS, BASE_DELAY, MAX_DELAY);
    }

    /**
     * The same strategy with other numbers (tests use no delay): {@code attempts} tries in all, the
     * n-th retry waiting a random time up to {@code min(max, base × 2^n)}; a zero base retries at once.
     */
    public static RetryStrategy of(int attempts, Duration base, Duration max) {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, was " + attempts);
        }
        if (base.isNegative() || max.isNegative()) {
            throw new IllegalArgumentException("backoff durations must not be negative: " + base + ", " + max);
        }
        BackoffStrategy backoff = base.isZero() ? BackoffStrategy.retryImmediately()
                : BackoffStrategy.exponentialDelay(base, max.compareTo(base) < 0 ? base : max);
        return AwsRetryStrategy.standardRetryStrategy().toBuilder()
                .maxAttempts(attempts)
                .backoffStrategy(backoff)
                .throttlingBackoffStrategy(backoff)
                .build();
    }
}
