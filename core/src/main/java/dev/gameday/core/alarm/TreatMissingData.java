package dev.gameday.core.alarm;

import java.util.Arrays;

/** What a CloudWatch metric alarm makes of periods without data ({@code TreatMissingData}). */
public enum TreatMissingData {

    /** The default: judged on the data there is; no data at all is {@code INSUFFICIENT_DATA}. */
    MISSING("missing"),
    /** A missing point counts as within the threshold (good). */
    NOT_BREACHING("notBreaching"),
    /** A missing point counts as breaching (bad). */
    BREACHING("breaching"),
    /** The current state is kept unless the data there is decides the state on its own. */
    IGNORE("ignore");

    private final String wireName;

    TreatMissingData(String wireName) {
        this.wireName = wireName;
    }

    /** As CloudWatch spells it, e.g. {@code notBreaching}. */
    public String wireName() {
        return wireName;
    }

    /** Parses CloudWatch's spelling. */
    public static TreatMissingData of(String name) {
        return Arrays.stream(values()).filter(v -> v.wireName.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown treatMissingData '" + name
                        + "'; expected one of missing, notBreaching, breaching, ignore"));
    }
}
