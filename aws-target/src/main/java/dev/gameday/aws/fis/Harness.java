package dev.gameday.aws.fis;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The harness process that starts FIS experiments, written on each experiment as tags
 * ({@code gameday:run-id}, {@code gameday:host}, {@code gameday:pid}, {@code gameday:process-start},
 * {@code gameday:heartbeat}) so that a later run can tell whether the harness behind a running
 * experiment still lives (see {@link FisOrphanSweep}).
 *
 * @param runId        the run directory's id ({@code 20261207-034500-smoke})
 * @param host         this machine's name
 * @param pid          this process's id
 * @param processStart when this process started (with the pid it tells a reused pid apart), or {@code null}
 */
public record Harness(String runId, String host, long pid, Instant processStart) {

    /** The run directory's id. */
    public static final String RUN_ID_TAG = "gameday:run-id";
    /** The harness's host name. */
    public static final String HOST_TAG = "gameday:host";
    /** The harness's process id. */
    public static final String PID_TAG = "gameday:pid";
    /** When the harness process started (ISO-8601). */
    public static final String PROCESS_START_TAG = "gameday:process-start";
    /** The last time the harness said it was alive (ISO-8601): at start, then every heartbeat. */
    public static final String HEARTBEAT_TAG = "gameday:heartbeat";

    public Harness {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(host, "host");
    }

    /** This process, running {@code runId}. */
    public static Harness current(String runId) {
        ProcessHandle self = ProcessHandle.current();
        return new Harness(runId, hostName(), self.pid(), self.info().startInstant().orElse(null));
    }

    /** The tags an experiment started now carries. */
    public Map<String, String> tags(Instant now) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(RUN_ID_TAG, runId);
        tags.put(HOST_TAG, host);
        tags.put(PID_TAG, Long.toString(pid));
        if (processStart != null) {
            tags.put(PROCESS_START_TAG, processStart.toString());
        }
        tags.put(HEARTBEAT_TAG, now.toString());
        return tags;
    }

    /**
     * Why this harness is known to be gone, judged from {@code self}'s host: its process is not alive
     * there, or its pid now belongs to a process started at another time. Empty while it lives — and
     * when it ran on another host, whose processes cannot be seen from here.
     */
    public Optional<String> goneFrom(Harness self) {
        if (!host.equals(self.host()) || host.equals("unknown-host")) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return Optional.of("its harness (pid " + pid + " on " + host + ") is gone");
        }
        Optional<Instant> started = process.get().info().startInstant();
        if (processStart != null && started.isPresent() && !started.get().equals(processStart)) {
            return Optional.of("its harness (pid " + pid + " on " + host + ", started " + processStart
                    + ") is gone; the pid now belongs to a process started " + started.get());
        }
        return Optional.empty();
    }

    /** The harness an experiment's (or task's) tags name, if they are a harness's tags. */
    public static Optional<Harness> fromTags(Map<String, String> tags) {
        String runId = tags.get(RUN_ID_TAG);
        String host = tags.get(HOST_TAG);
        if (runId == null || host == null) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(tags.getOrDefault(PID_TAG, "-1"));
        } catch (NumberFormatException e) {
            pid = -1;
        }
        return Optional.of(new Harness(runId, host, pid, instant(tags.get(PROCESS_START_TAG))));
    }

    /** An ISO-8601 tag value, or {@code null} when absent or not a time. */
    static Instant instant(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            // Unknown: no experiment can be judged by this host's processes; heartbeats still decide.
            return "unknown-host";
        }
    }
}
