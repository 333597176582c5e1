package dev.gameday.platform.database;

import dev.gameday.core.event.EventLog;
import dev.gameday.platform.network.ZoneNetwork;
import dev.gameday.platform.zone.Zone;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Closing the cluster leaves no server of it running, including a standby still being built: once
 * {@link Database#close()} returns, no process serves a data directory under the cluster's root.
 * (A standby that was starting when its platform closed once ran on for hours, parent pid 1.)
 */
class ClosingTest {

    private static final Zone A = new Zone("local-1a");
    private static final Zone B = new Zone("local-1b");

    @Test
    void a_standby_still_starting_when_the_cluster_closes_is_stopped_by_close(@TempDir Path work) throws Exception {
        EventLog events = EventLog.inMemory(Clock.systemUTC());
        Path copy = work.resolve("db-local-1b-1");
        try (ZoneNetwork network = new ZoneNetwork()) {
            Database db = Database.start(List.of(A, B), network, 50, work, true, DatabaseEngine.defaults(), events);
            try {
                // The copy is marked a standby just before its server starts. Cutting its zone off
                // then keeps it from streaming the writer's WAL it needs to open: it stays starting.
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                        .until(() -> Files.exists(copy.resolve("standby.signal")));
                network.impair(B);
                await().atMost(Duration.ofSeconds(30)).until(() -> !serversUnder(copy).isEmpty());
            } finally {
                db.close();
            }
            assertThat(serversUnder(work)).as("servers left running under %s", work).isEmpty();
            assertThat(copy).doesNotExist();
        }
    }

    /** The command lines of the live processes whose arguments name a path under {@code root}. */
    private static List<String> serversUnder(Path root) {
        String prefix = root.toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .filter(p -> p.info().arguments().map(args -> List.of(args).stream().anyMatch(a -> a.startsWith(prefix)))
                        .orElse(false))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?"))
                .toList();
    }
}
