package dev.gameday.aws.cloudwatch;

/** CloudWatch could not answer: a refused request, retries exhausted, or a query answered with an error. */
public final class CloudWatchException extends RuntimeException {

    public CloudWatchException(String message) {
        super(message);
    }

    public CloudWatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
