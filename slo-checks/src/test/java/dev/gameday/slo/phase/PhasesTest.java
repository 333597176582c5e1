package dev.gameday.slo.phase;

import dev.gameday.core.event.Event;
import dev.gameday.core.run.PhaseWindow;
import dev.gameday.slo.spec.Anchor;
import dev.gameday.slo.spec.Window;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PhasesTest {

    private static final Instant T0 = Instant.parse("2026-11-23T12:00:00Z");

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    private static Event phase(String type, String name, long millis) {
        return new Event(at(millis), "orchestrator", type, Map.of("phase", name));
    }

    private final List<Event> events = List.of(
            phase(Phases.STARTED, "warmup", 0),
            phase(Phases.ENDED, "warmup", 10_000),
            phase(Phases.STARTED, "steady", 10_000),
            phase(Phases.ENDED, "steady", 30_250),
            new Event(at(30_400), "fis", "experiment.started", Map.of()),
            phase(Phases.STARTED, "fault", 30_250),
            new Event(at(45_000), "platform", "task.started", Map.of()),
            phase(Phases.ENDED, "fault", 60_000),
            phase(Phases.STARTED, "recovery", 60_000),
            new Event(at(75_500), "orchestrator", "guardrail.breached", Map.of()));

    @Test
    void phasesFromEventsWithTheOpenOneEndingAtTheLastEvent() {
        List<PhaseWindow> phases = Phases.fromEvents(events);
        assertThat(phases).containsExactly(
                new PhaseWindow("warmup", at(0), at(10_000)),
                new PhaseWindow("steady", at(10_000), at(30_250)),
                new PhaseWindow("fault", at(30_250), at(60_000)),
                new PhaseWindow("recovery", at(60_000), at(75_500)));
    }

    @Test
    void aPhaseStartedWhileAnotherIsOpenClosesIt() {
        List<PhaseWindow> phases = Phases.fromEvents(List.of(
                phase(Phases.STARTED, "steady", 0),
                phase(Phases.STARTED, "fault", 5_000),
                phase(Phases.ENDED, "fault", 9_000)));
        assertThat(phases).containsExactly(
                new PhaseWindow("steady", at(0), at(5_000)),
                new PhaseWindow("fault", at(5_000), at(9_000)));
        assertThat(Phases.fromEvents(List.of())).isEmpty();
    }

    @Test
    void windowsResolveOnWholeSeconds() {
        List<PhaseWindow> phases = Phases.fromEvents(events);
        TimeRange steady = Windows.resolve(new Window.Phase("steady"), phases, events);
        assertThat(steady).isEqualTo(new TimeRange(at(10_000), at(31_000), "steady"));
        assertThat(steady.describe()).isEqualTo("steady (12:00:10–12:00:31)");

        assertThat(Windows.resolve(new Window.PhaseRange("steady", "recovery"), phases, events))
                .isEqualTo(new TimeRange(at(10_000), at(76_000), "steady–recovery"));
        assertThat(Windows.resolve(new Window.Run(), phases, events))
                .isEqualTo(new TimeRange(at(0), at(76_000), "run"));
        assertThat(Windows.resolve(new Window.AfterEvent("experiment.started", Duration.ofSeconds(60)), phases, events))
                .isEqualTo(new TimeRange(at(30_000), at(91_000), "60 s after experiment.started"));
    }

    @Test
    void anchorsAndRunEnd() {
        List<PhaseWindow> phases = Phases.fromEvents(events);
        assertThat(Windows.resolve(new Anchor.OnEvent("experiment.started"), phases, events)).isEqualTo(at(30_400));
        assertThat(Windows.resolve(new Anchor.PhaseBoundary("fault", true), phases, events)).isEqualTo(at(60_000));
        assertThat(Windows.resolve(new Anchor.PhaseBoundary("fault", false), phases, events)).isEqualTo(at(30_250));
        assertThat(Windows.runEnd(phases, events)).contains(at(75_500));
    }

    @Test
    void whatTheRunLacksCannotBeResolved() {
        List<PhaseWindow> phases = Phases.fromEvents(events);
        assertThatThrownBy(() -> Windows.resolve(new Window.Phase("cooldown"), phases, events))
                .isInstanceOf(UnresolvedWindowException.class).hasMessage("the run has no cooldown phase");
        assertThatThrownBy(() -> Windows.resolve(new Anchor.OnEvent("experiment.stopped"), phases, events))
                .isInstanceOf(UnresolvedWindowException.class).hasMessage("the run has no experiment.stopped event");
        assertThatThrownBy(() -> Windows.resolve(new Window.Run(), List.of(), events))
                .isInstanceOf(UnresolvedWindowException.class);
    }
}
