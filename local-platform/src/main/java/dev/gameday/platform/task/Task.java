package dev.gameday.platform.task;

import dev.gameday.platform.zone.Zone;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One task: a child JVM running the task definition's main class in a zone. Its stdout and stderr
 * are drained into a per-task log file (a full pipe would freeze the task); its stdin is kept open
 * for its whole life, because the shop exits when stdin closes: if the harness dies, so do its tasks.
 */
public final class Task {

    private static final Pattern READY = Pattern.compile("READY port=(\\d+)");

    private final String id;
    private final Zone zone;
    private final Process process;
    private final Path logFile;
    private final CompletableFuture<Integer> ready = new CompletableFuture<>();
    private volatile TaskState state = TaskState.PENDING;
    private volatile int port;
    private volatile String stopReason;
    private final List<Process> sidecars = new CopyOnWriteArrayList<>();
    private final ClassDataSharing.Launch sharing;

    private Task(String id, Zone zone, Process process, Path logFile, ClassDataSharing.Launch sharing) {
        this.id = id;
        this.zone = zone;
        this.process = process;
        this.logFile = logFile;
        this.sharing = sharing;
    }

    /**
     * Launches a task's JVM. Returns at once; {@link #ready()} completes with the port when the
     * task prints {@code READY port=<port>}, or exceptionally if it exits first.
     *
     * @param environment the {@code SHOP_*} variables for this task; of the harness's own
     *        environment the task sees only {@link InheritedEnvironment#ALLOWED}
     */
    public static Task launch(String id, Zone zone, TaskDefinition definition, Map<String, String> environment) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(zone, "zone");
        ClassDataSharing.Launch sharing = ClassDataSharing.machineCache()
                .plan(definition.mainClass(), System.getProperty("java.class.path"), definition.jvmOptions());
        List<String> command = new ArrayList<>();
        command.add(javaCommand());
        command.add("-cp");
        command.add(sharing.classpath());
        command.addAll(definition.jvmOptions());
        command.addAll(sharing.jvmOptions());
        command.add(definition.mainClass());
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        InheritedEnvironment.restrict(builder.environment());
        builder.environment().putAll(definition.environment());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(definition.logDirectory());
            Path logFile = definition.logDirectory().resolve("task-" + id + ".log");
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                sharing.exited();
                throw e;
            }
            process.onExit().thenRun(sharing::exited);
            Task task = new Task(id, zone, process, logFile, sharing);
            task.drainOutput();
            // A task's containers go together: when the essential one exits, ECS stops the others.
            process.onExit().thenRun(task::stopSidecars);
            process.onExit().thenRun(() -> task.ready.completeExceptionally(new IllegalStateException(
                    "task " + id + " exited with code " + process.exitValue() + " before it was ready; see " + logFile)));
            return task;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot launch task " + id + " (" + String.join(" ", command.subList(0, 1))
                    + " … " + definition.mainClass() + ")", e);
        }
    }

    /** The {@code java} launcher of this JVM, so tasks run on the same runtime as the harness. */
    private static String javaCommand() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private void drainOutput() {
        Thread drainer = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                 BufferedWriter log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
                String line;
                while ((line = in.readLine()) != null) {
                    log.write(line);
                    log.newLine();
                    log.flush();
                    if (!ready.isDone()) {
                        Matcher m = READY.matcher(line);
                        if (m.find()) {
                            port = Integer.parseInt(m.group(1));
                            ready.complete(port);
                        }
                    }
                }
            } catch (IOException e) {
                // The process went away mid-line; the exit watcher reports it.
            }
        }, "task-output-" + id);
        drainer.setDaemon(true);
        drainer.start();
    }

    public String id() {
        return id;
    }

    public Zone zone() {
        return zone;
    }

    /** {@code arn:aws:ecs:local:000000000000:task/gameday-local/<id>} */
    public String arn() {
        return "arn:aws:ecs:" + Zone.REGION + ":000000000000:task/gameday-local/" + id;
    }

    public long pid() {
        return process.pid();
    }

    /** The task's listening port; 0 until it is ready. */
    public int port() {
        return port;
    }

    public TaskState state() {
        return state;
    }

    /** Records that the task is ready and registered (the service scheduler owns the lifecycle). */
    public void markRunning() {
        state = TaskState.RUNNING;
    }

    /** Marks the stop as requested, with why; returns whether it was not requested already. */
    public synchronized boolean requestStop(String reason) {
        if (stopReason != null || state == TaskState.STOPPED) {
            return false;
        }
        stopReason = reason;
        state = TaskState.STOPPING;
        return true;
    }

    /** Why the task was asked to stop, or {@code null} when nobody asked. */
    public String stopReason() {
        return stopReason;
    }

    /** Records that the process has exited. */
    public void markStopped() {
        state = TaskState.STOPPED;
    }

    /** Completes with the port when the task is listening. */
    public CompletableFuture<Integer> ready() {
        return ready;
    }

    /** Completes with the exit code when the process has exited, for whatever reason. */
    public CompletableFuture<Integer> exited() {
        return process.onExit().thenApply(Process::exitValue);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Sends SIGTERM, waits up to {@code stopTimeout} for the process to exit, then sends SIGKILL.
     * Blocks until the process is gone; returns its exit code.
     */
    public int terminate(Duration stopTimeout) {
        process.destroy();
        try {
            if (!process.waitFor(stopTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
            }
            return process.waitFor();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * If this task is the one recording its classes for the task archive ({@link ClassDataSharing}),
     * has it write them now and waits; otherwise does nothing. Called as the platform closes, before
     * its tasks are stopped.
     */
    public void archiveClasses() {
        if (process.isAlive()) {
            sharing.archiveClasses(process.pid());
        }
    }

    /** SIGKILL, no grace: used when the platform itself is torn down in a hurry. */
    public void kill() {
        stopSidecars();
        process.destroyForcibly();
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Starts a sidecar process in this task (what an extra container in the task definition is),
     * e.g. {@link CpuBurner} for {@code aws:ecs:task-cpu-stress}: a small JVM on this JVM's class
     * path whose CPU counts as the task's. It stops with the task, and when its stdin closes.
     *
     * @throws IllegalStateException when the task has exited
     */
    public Process startSidecar(String mainClass, List<String> args) {
        if (!process.isAlive()) {
            throw new IllegalStateException(this + " has exited; no sidecar can start in it");
        }
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-cp", System.getProperty("java.class.path"),
                "-XX:+UseSerialGC", "-Xmx32m", "-XX:TieredStopAtLevel=1", mainClass));
        command.addAll(args);
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD);
            InheritedEnvironment.restrict(builder.environment());
            Process sidecar = builder.start();
            sidecars.add(sidecar);
            sidecar.onExit().thenRun(() -> sidecars.remove(sidecar));
            if (!process.isAlive()) {
                sidecar.destroyForcibly();
            }
            return sidecar;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sidecar " + mainClass + " in " + this, e);
        }
    }

    private void stopSidecars() {
        sidecars.forEach(Process::destroyForcibly);
    }

    /** A snapshot of this task. */
    public TaskInfo info() {
        return new TaskInfo(id, arn(), zone, state, pid(), port,
                sidecars.stream().filter(Process::isAlive).map(Process::pid).toList());
    }

    @Override
    public String toString() {
        return "task " + id + " (" + zone + ", " + state + ")";
    }
}
