package dev.gameday.chaos.fault;

import dev.gameday.core.target.Target;

/**
 * A {@link Target} faults can be injected into: the target as {@code core} sees it, plus its
 * {@link FaultInjector}. Kept apart from {@code Target} so that {@code core} knows nothing of
 * experiment templates.
 */
public interface FaultTarget extends Target {

    /** The fault-injection port of this target. */
    FaultInjector faultInjector();
}
