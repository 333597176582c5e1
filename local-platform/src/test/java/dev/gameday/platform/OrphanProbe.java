package dev.gameday.platform;

import dev.gameday.core.event.EventLog;
import dev.gameday.core.json.Json;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * A harness stand-in for {@link OrphanTest}: opens a local target in its own JVM, says what it
 * started, then waits to be killed.
 */
public final class OrphanProbe {

    private OrphanProbe() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args[0]);
        PlatformConfig config = LocalPlatform.builder().zones(1).tasksPerZone(1).workDirectory(work)
                .taskEnvironment(Map.of("SHOP_SEED_PRODUCTS", "10", "SHOP_DB_POOL_SIZE", "2", "SHOP_HTTP_THREADS", "4"))
                .config();
        LocalTarget target = LocalTarget.open(config, EventLog.inMemory(Clock.systemUTC()));
        long taskPid = target.platform().tasks().get(0).pid();
        String postgresPid = Files.readAllLines(work.resolve("db-primary/postmaster.pid")).get(0).trim();
        System.out.println("PARAMS " + Json.mapper().writeValueAsString(target.parameters()));
        System.out.println("STATUS " + target.liveStatus());
        System.out.println("PIDS task=" + taskPid + " postgres=" + postgresPid);
        System.out.flush();
        Thread.currentThread().join();
    }
}
