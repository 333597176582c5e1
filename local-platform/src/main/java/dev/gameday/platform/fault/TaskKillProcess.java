package dev.gameday.platform.fault;

import dev.gameday.chaos.resolution.Resource;
import dev.gameday.platform.task.TaskInfo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code aws:ecs:task-kill-process}: {@code killall -s <signal> <processName>} in each target
 * task — its main process and its sidecars whose command is named {@code processName} (the
 * shop's is {@code java}). {@code SIGTERM} (FIS's default) lets the shop shut down as it would on
 * a stop; {@code SIGKILL} kills it at once. Either way the essential container exits and the
 * service replaces the task, with ECS's reason. As {@code killall}, a task with no such process
 * fails the action.
 */
final class TaskKillProcess {

    private TaskKillProcess() {
    }

    static void play(ActionRun run) {
        String name = run.parameter("processName", "");
        boolean kill = "SIGKILL".equals(run.parameter("signal", "SIGTERM"));
        List<String> none = new ArrayList<>();
        for (Resource task : run.targets()) {
            String taskId = ActionRun.taskId(task);
            Optional<TaskInfo> info = run.platform().tasks().stream().filter(t -> t.id().equals(taskId)).findFirst();
            if (info.isEmpty()) {
                continue; // stopped since the targets were resolved: nothing left to signal
            }
            List<Long> pids = new ArrayList<>(info.get().sidecarPids());
            pids.add(0, info.get().pid());
            int signalled = 0;
            for (long pid : pids) {
                Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(p -> named(p, name));
                if (process.isPresent()) {
                    boolean sent = kill ? process.get().destroyForcibly() : process.get().destroy();
                    signalled += sent ? 1 : 0;
                }
            }
            if (signalled == 0) {
                none.add(taskId);
            }
        }
        if (!none.isEmpty()) {
            throw new IllegalStateException("aws:ecs:task-kill-process: " + name + ": no process found in task(s) " + none);
        }
    }

    /** Whether the process's command (its executable's file name) is {@code name}, as {@code killall} matches. */
    private static boolean named(ProcessHandle process, String name) {
        return process.info().command().map(c -> Path.of(c).getFileName().toString()).filter(name::equals).isPresent();
    }
}
