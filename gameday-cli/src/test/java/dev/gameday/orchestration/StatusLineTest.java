package dev.gameday.orchestration;

import dev.gameday.simulation.recorder.ClientRecorder;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The status line over a real recorder at a fixed instant: with injectors it says how many run and
 * how late their figures arrive, and reads the last whole seconds it has rather than the empty
 * seconds the lag has not delivered yet.
 */
class StatusLineTest {

    private static final Instant NOW = Instant.parse("2026-12-07T16:00:30Z");
    private static final Instant RUN_START = NOW.minusSeconds(30);

    @Test
    void inTheHarnessTheLineReadsTheLastFiveSecondsAndNamesNoInjectors() {
        ClientRecorder recorder = new ClientRecorder();
        send(recorder, NOW.minusSeconds(5), 5, 20, 3);

        String line = print(recorder, Optional.empty());

        assertThat(line).isEqualTo("[steady    30s/60s]  20.0 req/s    0.0% errors  p99 3 ms  | healthy 1a:1 1b:1");
    }

    @Test
    void withInjectorsTheLineSaysHowLateTheirFiguresAreAndReadsTheSecondsTheyDelivered() {
        // Figures through S3 arrive about 5 s late: the last 5 s hold nothing yet, the 5 before them 40 req/s.
        ClientRecorder recorder = new ClientRecorder();
        send(recorder, NOW.minusSeconds(10), 5, 40, 12);

        String line = print(recorder, Optional.of(new LiveInjectors(3, 3, Optional.of(Duration.ofMillis(5_300)))));

        assertThat(line).isEqualTo("[steady    30s/60s]  40.0 req/s    0.0% errors  p99 12 ms  | healthy 1a:1 1b:1"
                + "  | injectors 3/3 running, figures ≈5.3 s late");
    }

    @Test
    void overLoopbackTheLagIsUnderASecondAndTheWindowStaysOnTheClock() {
        ClientRecorder recorder = new ClientRecorder();
        send(recorder, NOW.minusSeconds(5), 5, 10, 4);

        String line = print(recorder, Optional.of(new LiveInjectors(2, 3, Optional.of(Duration.ofMillis(40)))));

        assertThat(line).endsWith("  | injectors 2/3 running, figures <0.1 s late").contains(" 10.0 req/s");
    }

    @Test
    void beforeAnyFigureArrivedTheLineSaysOnlyHowManyRun() {
        assertThat(new LiveInjectors(3, 3, Optional.empty()).describe()).isEqualTo("injectors 3/3 running");
        assertThat(new LiveInjectors(3, 3, Optional.of(Duration.ofMillis(120))).describe())
                .isEqualTo("injectors 3/3 running, figures ≈0.1 s late");
        assertThat(new LiveInjectors(3, 3, Optional.of(Duration.ofSeconds(14))).describe())
                .isEqualTo("injectors 3/3 running, figures ≈14 s late");
        assertThat(new LiveInjectors(3, 3, Optional.of(Duration.ofMillis(5_900))).trailing()).isEqualTo(Duration.ofSeconds(5));
        assertThat(new LiveInjectors(3, 3, Optional.empty()).trailing()).isZero();
    }

    /** {@code perSecond} OK requests of {@code millis} in each of {@code seconds} seconds from {@code from}. */
    private static void send(ClientRecorder recorder, Instant from, int seconds, int perSecond, long millis) {
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < perSecond; i++) {
                recorder.record("product", from.plusSeconds(s).plusMillis(i * (1000L / perSecond)), Duration.ofMillis(millis), true);
            }
        }
    }

    private static String print(ClientRecorder recorder, Optional<LiveInjectors> injectors) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        // Interval zero: a line is due at once.
        StatusLine status = new StatusLine(out, Clock.fixed(NOW, ZoneOffset.UTC), recorder, () -> "healthy 1a:1 1b:1",
                () -> injectors, Duration.ofSeconds(60), Duration.ZERO);
        status.printIfDue("steady", RUN_START, null);
        return bytes.toString(StandardCharsets.UTF_8).strip();
    }
}
