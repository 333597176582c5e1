package dev.gameday.slo.phase;

/**
 * A window or anchor that this run cannot place in time — a phase that never happened (an aborted
 * run) or an event that never came. The evaluator turns it into a {@code NO_DATA} verdict.
 */
public final class UnresolvedWindowException extends RuntimeException {

    public UnresolvedWindowException(String reason) {
        super(reason);
    }
}
