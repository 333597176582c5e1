import dev.gameday.platform.LocalPlatform;
import dev.gameday.platform.loadbalancer.RegisteredTarget;
import dev.gameday.platform.task.TaskDefinition;
import dev.gameday.platform.task.TaskInfo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A local platform of one zone and one task, no queue, no standby, for bench/load-balancer. Writes
 * to the ready file: {@code lb=} the load balancer's URL, {@code task=} the task's own URL,
 * {@code target=} the URL the load balancer forwards to (the zone's forwarder in front of the
 * task). Runs until SIGTERM (the platform's shutdown hook tears it down).
 *
 * <p>Usage: {@code java -cp <harness classpath> PlatformUnderTest.java <ready-file> [extra task JVM flags…]}
 * (added to the platform's small-JVM task flags)
 */
public final class PlatformUnderTest {

    public static void main(String[] args) throws Exception {
        List<String> taskFlags = new ArrayList<>(TaskDefinition.SMALL_JVM);
        taskFlags.addAll(List.of(args).subList(1, args.length));
        LocalPlatform platform = LocalPlatform.builder().zones(1).tasksPerZone(1).queue(false).standby(false)
                .taskJvmOptions(taskFlags).start();
        TaskInfo task = platform.tasks().get(0);
        RegisteredTarget target = platform.healthyTargets().get(0);
        Files.writeString(Path.of(args[0]), "lb=" + platform.url().toString().replaceAll("/$", "")
                + "\ntask=http://127.0.0.1:" + task.port()
                + "\ntarget=http://127.0.0.1:" + target.port()
                + "\ntaskPid=" + task.pid()
                + "\npid=" + ProcessHandle.current().pid() + "\n");
        Thread.currentThread().join();
    }
}
