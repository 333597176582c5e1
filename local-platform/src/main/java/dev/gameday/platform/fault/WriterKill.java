package dev.gameday.platform.fault;

import dev.gameday.platform.database.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeUnit;

/**
 * The local-only action {@code gameday:local:kill-db-writer}: the writer's postmaster gets SIGKILL,
 * as when its host dies. Nothing is announced to the cluster — no failover is requested — so what
 * follows is the cluster's own monitoring at work.
 */
final class WriterKill {

    private WriterKill() {
    }

    /** Kills the writer's process; returns once the signal is sent. */
    static void kill(Database database) {
        long pid = database.writerPid();
        try {
            Process kill = new ProcessBuilder("kill", "-KILL", Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("could not kill the database writer (pid " + pid + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing the database writer", e);
        }
    }
}
