package dev.gameday.chaos.fault;

import java.util.Locale;

/** The states of an experiment and of each of its actions, as AWS FIS names them. */
public enum ExperimentStatus {
    PENDING, INITIATING, RUNNING, COMPLETED, STOPPING, STOPPED, FAILED, CANCELLED,
    /** Action-level only: the action was skipped (e.g. no target resolved under mode {@code skip}). */
    SKIPPED;

    /** Whether no further change can follow. */
    public boolean isFinal() {
        return this == COMPLETED || this == STOPPED || this == FAILED || this == CANCELLED || this == SKIPPED;
    }

    /** The lower-case name FIS uses on the wire and in events, e.g. {@code running}. */
    public String fisName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses FIS's lower-case name. */
    public static ExperimentStatus fromFis(String name) {
        return valueOf(name.toUpperCase(Locale.ROOT));
    }
}
