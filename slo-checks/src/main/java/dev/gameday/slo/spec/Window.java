package dev.gameday.slo.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * The stretch of a run an SLO is judged over, as written in YAML. It is resolved against the
 * run's phases and events only at evaluation time (see {@code dev.gameday.slo.phase.Windows}).
 */
public sealed interface Window permits Window.Phase, Window.PhaseRange, Window.Run, Window.AfterEvent {

    /** How the window reads in sentences, e.g. {@code steady}, {@code steady–recovery}. */
    String label();

    /** One phase: {@code window: steady}. */
    record Phase(String phase) implements Window {
        public Phase {
            Objects.requireNonNull(phase, "phase");
        }

        @Override
        public String label() {
            return phase;
        }
    }

    /** From the start of one phase to the end of another: {@code {from: steady, to: recovery}}. */
    record PhaseRange(String from, String to) implements Window {
        public PhaseRange {
            Objects.requireNonNull(from, "from");
            Objects.requireNonNull(to, "to");
        }

        @Override
        public String label() {
            return from + "–" + to;
        }
    }

    /** From the first phase's start to the last phase's end: {@code window: run}. */
    record Run() implements Window {
        @Override
        public String label() {
            return "run";
        }
    }

    /** A fixed length after the first event of a type: {@code {after: experiment.started, for: 60s}}. */
    record AfterEvent(String eventType, Duration length) implements Window {
        public AfterEvent {
            Objects.requireNonNull(eventType, "eventType");
            Objects.requireNonNull(length, "length");
        }

        @Override
        public String label() {
            return length.toSeconds() + " s after " + eventType;
        }
    }
}
