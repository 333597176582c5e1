package dev.gameday.chaos.template;

/**
 * A template's {@code experimentOptions}, with FIS's defaults filled in where the file gives none.
 *
 * @param accountTargeting          {@code single-account} (default) or {@code multi-account}
 * @param emptyTargetResolutionMode {@code fail} (default) or {@code skip}
 */
public record ExperimentOptions(String accountTargeting, String emptyTargetResolutionMode) {

    /** FIS's defaults. */
    public static final ExperimentOptions DEFAULTS = new ExperimentOptions("single-account", "fail");

    /** Whether an action whose targets resolve to nothing is skipped rather than failing the experiment. */
    public boolean skipsEmptyTargets() {
        return "skip".equals(emptyTargetResolutionMode);
    }
}
