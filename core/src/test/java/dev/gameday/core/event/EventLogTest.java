package dev.gameday.core.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EventLogTest {

    @Test
    void writesOneJsonLinePerEventAndReadsItBack(@TempDir Path dir) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);
        Path file = dir.resolve("events.jsonl");
        try (EventLog log = EventLog.open(file, clock)) {
            log.emit("platform", "task.stopped", Map.of("task", "t-1", "exitCode", 143));
            log.emit("orchestrator", "phase.started", Map.of("phase", "steady"));
        }

        var events = EventLog.read(file);

        assertThat(events).hasSize(2);
        assertThat(events.get(0).type()).isEqualTo("task.stopped");
        assertThat(events.get(0).attr("exitCode")).isEqualTo("143");
        assertThat(events.get(1).ts()).isEqualTo(Instant.parse("2026-11-23T12:00:00Z"));
    }
}
