package dev.gameday.platform.database;

import dev.gameday.platform.task.InheritedEnvironment;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.Comparator;

/**
 * A PostgreSQL server the platform runs itself from the embedded binaries (the standby, and the
 * writer after a failover): a foreground postmaster as a child process, its output in a log file.
 * Like zonky's own launcher, it runs under {@code unshare -U} when the JVM is root, because
 * {@code postgres} refuses to run as root.
 */
final class PostgresServer implements AutoCloseable {

    private final Path dataDirectory;
    private final int port;
    private final String password;
    private final Process process;
    private final OrphanGuard guard;

    private PostgresServer(Path dataDirectory, int port, String password, Process process, OrphanGuard guard) {
        this.dataDirectory = dataDirectory;
        this.port = port;
        this.password = password;
        this.process = process;
        this.guard = guard;
    }

    /**
     * Starts {@code postgres} on a prepared data directory (a copy of the writer's, so with its
     * authentication rules and superuser password) and waits until it accepts connections. The
     * server is guarded from the moment it exists, and stopped again when it does not come up — within
     * {@code atMost}, or before {@code abandoned} turns true (the platform closing meanwhile).
     */
    static PostgresServer start(Path postgresBinary, Path dataDirectory, Map<String, String> settings, String password,
                                Duration atMost, BooleanSupplier abandoned) {
        int port = freePort();
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.add("unshare");
            command.add("-U");
        }
        command.add(postgresBinary.toString());
        command.add("-D");
        command.add(dataDirectory.toString());
        command.add("-p");
        command.add(Integer.toString(port));
        settings.forEach((k, v) -> {
            command.add("-c");
            command.add(k + "=" + v);
        });
        try {
            Path log = dataDirectory.resolveSibling(dataDirectory.getFileName() + ".log");
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            InheritedEnvironment.restrict(builder.environment());
            Process process = builder.start();
            // unshare execs postgres in place: the process's pid is the postmaster's.
            OrphanGuard guard = OrphanGuard.watch(process.pid(), dataDirectory);
            PostgresServer server = new PostgresServer(dataDirectory, port, password, process, guard);
            try {
                awaitAccepting(port, password, process, log, atMost, abandoned);
            } catch (RuntimeException e) {
                server.stop();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start postgres on " + dataDirectory, e);
        }
    }

    private static void awaitAccepting(int port, String password, Process process, Path log, Duration atMost,
                                       BooleanSupplier abandoned) {
        Instant deadline = Instant.now().plus(atMost);
        while (true) {
            try (Connection ignored = connect(port, password)) {
                return;
            } catch (SQLException notYet) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("postgres exited with " + process.exitValue() + " at start; see " + log);
                }
                if (abandoned.getAsBoolean()) {
                    throw new IllegalStateException("postgres was still starting when it was no longer wanted; see " + log);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("postgres did not accept connections within " + atMost + "; see " + log);
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while postgres was starting", e);
                }
            }
        }
    }

    /** A superuser connection over loopback TCP, with the cluster's password. */
    static Connection connect(int port, String password) throws SQLException {
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres?connectTimeout=2&socketTimeout=30",
                "postgres", password);
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    int port() {
        return port;
    }

    Path dataDirectory() {
        return dataDirectory;
    }

    Connection connection() throws SQLException {
        return connect(port, password);
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Stops the server like a power loss: immediate shutdown, no checkpoint (a hung one too). */
    void crash() {
        signal(process.pid(), "QUIT");
        // A server stopped by SIGSTOP keeps the QUIT pending until it runs again.
        signal(process.pid(), "CONT");
        awaitExit(Duration.ofSeconds(10));
    }

    /**
     * Crashes a postmaster this JVM did not start (zonky's): immediate shutdown, continued if it was
     * stopped, killed if it is still there after 10 s. Nothing happens to a process already gone.
     */
    static void crash(java.util.Optional<ProcessHandle> postmaster) {
        if (postmaster.isEmpty() || !isRunning(postmaster.get().pid())) {
            return;
        }
        ProcessHandle handle = postmaster.get();
        signal(handle.pid(), "QUIT");
        signal(handle.pid(), "CONT");
        // Polled rather than onExit(): a postmaster reparented to a PID 1 that does not reap stays a
        // zombie, which onExit() would wait for in vain; and the endpoints are dark while we wait.
        Instant deadline = Instant.now().plusSeconds(10);
        while (isRunning(handle.pid())) {
            if (Instant.now().isAfter(deadline)) {
                handle.destroyForcibly();
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                handle.destroyForcibly();
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        stop();
        deleteQuietly(dataDirectory);
    }

    /** Stops the server (fast shutdown, killed after 10 s) and its guard; the data directory stays. */
    private void stop() {
        if (process.isAlive()) {
            signal(process.pid(), "INT"); // fast shutdown
            signal(process.pid(), "CONT"); // heard even by a server left hung (SIGSTOP)
            awaitExit(Duration.ofSeconds(10));
        }
        guard.release();
    }

    private void awaitExit(Duration atMost) {
        try {
            if (!process.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Whether {@code pid} is a process that still runs or could: not gone, and not a zombie — a
     * postmaster killed outside the JVM is reparented to a PID 1 that may never reap it, and
     * {@link ProcessHandle#isAlive()} counts a zombie as alive.
     */
    static boolean isRunning(long pid) {
        if (pid <= 0) {
            return false;
        }
        char state = state(pid);
        if (state != '?') {
            return state != 'Z' && state != 'X';
        }
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** Whether {@code pid} is stopped by a signal ({@code SIGSTOP}): alive, but it will not answer. */
    static boolean isStopped(long pid) {
        char state = state(pid);
        return state == 'T' || state == 't';
    }

    /** The process's state letter from {@code /proc/<pid>/stat}, {@code ?} when it cannot be read. */
    private static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // "pid (comm) S …": the command may hold spaces and parentheses; the state follows the last ')'.
            int close = stat.lastIndexOf(')');
            return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
        } catch (IOException | RuntimeException e) {
            return Files.exists(Path.of("/proc/self/stat")) ? 'X' : '?';
        }
    }

    /** Sends a signal Java's Process API cannot (it knows only TERM and KILL). */
    static void signal(long pid, String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot signal " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void deleteQuietly(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort: a leftover temp file is not worth failing a teardown for
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
