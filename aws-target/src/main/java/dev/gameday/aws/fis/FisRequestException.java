package dev.gameday.aws.fis;

/**
 * A FIS call that failed for good (after the SDK's retries of throttling and 5xx answers),
 * carrying FIS's own error message and code so the user reads what FIS said.
 */
public class FisRequestException extends RuntimeException {

    private final String errorCode;

    public FisRequestException(String message, String errorCode, Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** FIS's error code, e.g. {@code ValidationException}; {@code null} when FIS was not reached. */
    public String errorCode() {
        return errorCode;
    }
}
