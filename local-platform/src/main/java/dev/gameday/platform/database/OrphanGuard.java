package dev.gameday.platform.database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Makes sure a PostgreSQL server started by the harness dies with the harness, even when the
 * harness JVM is killed with SIGKILL and no shutdown hook runs. PostgreSQL has no parent-death
 * watch of its own, so a tiny shell process waits on a pipe from this JVM: when the pipe closes
 * (the JVM is gone) it shuts the server down immediately and removes its data directory.
 */
final class OrphanGuard {

    private final Process watcher;

    private OrphanGuard(Process watcher) {
        this.watcher = watcher;
    }

    /** Starts watching the server whose data directory is {@code dataDirectory} (it must be running). */
    static OrphanGuard watch(Path dataDirectory) {
        try {
            List<String> pidFile = Files.readAllLines(dataDirectory.resolve("postmaster.pid"), StandardCharsets.US_ASCII);
            return watch(Long.parseLong(pidFile.get(0).trim()), dataDirectory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the postmaster's pid in " + dataDirectory, e);
        }
    }

    /**
     * Starts watching the postmaster {@code pid}, which serves {@code dataDirectory}: from the moment
     * the process exists, before its pid file does, so a harness that dies while the server is still
     * starting (a standby catching up) does not leave it behind.
     */
    static OrphanGuard watch(long pid, Path dataDirectory) {
        try {
            String dir = dataDirectory.toAbsolutePath().toString().replace("'", "'\\''");
            // SIGQUIT is PostgreSQL's immediate shutdown: the postmaster takes its backends with it.
            String script = "cat >/dev/null; kill -QUIT " + pid + " 2>/dev/null; "
                    + "for i in 1 2 3 4 5 6 7 8 9 10; do kill -0 " + pid + " 2>/dev/null || break; sleep 0.5; done; "
                    + "kill -KILL " + pid + " 2>/dev/null; rm -rf '" + dir + "'";
            Process watcher = new ProcessBuilder("sh", "-c", script)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            return new OrphanGuard(watcher);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the orphan guard for " + dataDirectory, e);
        }
    }

    /** The server was stopped properly: stop watching (without killing anything). */
    void release() {
        watcher.destroy();
        try {
            // The shell must be gone before its cat sees EOF, or it would take the EOF for our death.
            watcher.waitFor(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            // The shell is gone; closing the pipe lets its orphaned cat exit too.
            watcher.getOutputStream().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
