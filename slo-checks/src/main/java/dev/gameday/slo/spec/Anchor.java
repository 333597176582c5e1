package dev.gameday.slo.spec;

import java.util.Objects;

/** The moment a recovery SLO measures from: the first event of a type, or a phase boundary. */
public sealed interface Anchor permits Anchor.OnEvent, Anchor.PhaseBoundary {

    /** As written in YAML, e.g. {@code experiment.started} or {@code fault.start}. */
    String label();

    /** The first event of {@code eventType}. */
    record OnEvent(String eventType) implements Anchor {
        public OnEvent {
            Objects.requireNonNull(eventType, "eventType");
        }

        @Override
        public String label() {
            return eventType;
        }
    }

    /** The start ({@code fault.start}) or end ({@code fault.end}) of a phase. */
    record PhaseBoundary(String phase, boolean end) implements Anchor {
        public PhaseBoundary {
            Objects.requireNonNull(phase, "phase");
        }

        @Override
        public String label() {
            return phase + (end ? ".end" : ".start");
        }
    }
}
