import dev.gameday.platform.LocalPlatform;

import java.time.Duration;

/**
 * One cold start for bench/platform-cold-start: the time from the call of
 * {@code LocalPlatform.builder().zones(3).tasksPerZone(2).start()} to its return (every desired
 * task RUNNING and a healthy target, standby attached). Prints {@code startMillis=…} and
 * {@code closeMillis=…}. Run in a fresh JVM each time, as {@code gameday run} starts one.
 */
public final class ColdStart {

    public static void main(String[] args) {
        int zones = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int perZone = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        long began = System.nanoTime();
        LocalPlatform platform = LocalPlatform.builder().zones(zones).tasksPerZone(perZone).start();
        long started = System.nanoTime();
        System.out.println("startMillis=" + Duration.ofNanos(started - began).toMillis());
        System.out.println("tasks=" + platform.tasks().size() + " healthy=" + platform.healthyTargets().size());
        platform.close();
        System.out.println("closeMillis=" + Duration.ofNanos(System.nanoTime() - started).toMillis());
    }
}
