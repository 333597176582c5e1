import dev.gameday.core.event.Event;
import dev.gameday.platform.LocalPlatform;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One cold start for bench/platform-cold-start: the time from the call of
 * {@code LocalPlatform.builder().zones(Z).tasksPerZone(T).start()} to its return (every desired
 * task RUNNING and a healthy target, standby attached). Prints {@code startMillis=…},
 * {@code parts=…} (where it went, from the platform's start-up events: writer, queue, load
 * balancer, each task from launch to READY, first healthy check, standby, in ms),
 * {@code taskCpuMillis=…} (each task JVM's CPU time when the platform was ready, from
 * {@code /proc}: less noisy than wall time on a shared machine) and {@code closeMillis=…}. Run in a
 * fresh JVM each time, as {@code gameday run} starts one.
 */
public final class ColdStart {

    public static void main(String[] args) {
        int zones = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int perZone = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        Instant calledAt = Instant.now();
        long began = System.nanoTime();
        LocalPlatform platform = LocalPlatform.builder().zones(zones).tasksPerZone(perZone).start();
        long started = System.nanoTime();
        List<String> cpu = new ArrayList<>();
        for (var task : platform.tasks()) {
            cpu.add(Long.toString(cpuMillis(task.pid())));
        }
        System.out.println("startMillis=" + Duration.ofNanos(started - began).toMillis());
        System.out.println("parts=" + parts(platform.events().events(), calledAt));
        System.out.println("taskCpuMillis=" + String.join(",", cpu));
        System.out.println("tasks=" + platform.tasks().size() + " healthy=" + platform.healthyTargets().size());
        platform.close();
        System.out.println("closeMillis=" + Duration.ofNanos(System.nanoTime() - started).toMillis());
    }

    private static String parts(List<Event> events, Instant calledAt) {
        Map<String, Instant> first = new HashMap<>();
        Map<Object, Instant> launched = new HashMap<>();
        Map<Object, Instant> ready = new HashMap<>();
        List<String> tasks = new ArrayList<>();
        List<String> healthy = new ArrayList<>();
        for (Event e : events) {
            first.putIfAbsent(e.type(), e.ts());
            Object task = e.attrs().get("task");
            switch (e.type()) {
                case "task.launched" -> launched.put(task, e.ts());
                case "task.started" -> {
                    ready.put(task, e.ts());
                    if (launched.containsKey(task)) {
                        tasks.add(ms(launched.get(task), e.ts()));
                    }
                }
                case "target.healthy" -> {
                    if (ready.containsKey(task)) {
                        healthy.add(ms(ready.get(task), e.ts()));
                    }
                }
                default -> { }
            }
        }
        Instant start = first.getOrDefault("platform.starting", calledAt);
        Instant writer = first.get("db.writer.ready");
        Instant queue = first.get("queue.ready");
        return "writer " + ms(start, writer) + " queue " + ms(start, queue)
                + " lb-at " + ms(start, first.get("loadbalancer.ready"))
                + " task-launch-to-ready " + String.join("/", tasks) + " ready-to-healthy " + String.join("/", healthy)
                + " standby " + ms(writer, first.get("db.standby.ready"));
    }

    private static String ms(Instant from, Instant to) {
        return from == null || to == null ? "-" : Long.toString(Duration.between(from, to).toMillis());
    }

    /** utime + stime of a process, from /proc/<pid>/stat (clock ticks of 10 ms). */
    private static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }
}
