package dev.gameday.platform.fault;

import dev.gameday.chaos.resolution.Resource;
import dev.gameday.platform.task.IoStresser;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * {@code aws:ecs:task-io-stress}: an {@link IoStresser} sidecar in each target task for the
 * duration, {@code workers} (default 1) writers syncing files of {@code percent} (default 80) of
 * their budget to the task's disk. At the end (or on a stop) the sidecar is stopped and its
 * files deleted.
 */
final class TaskIoStress {

    private TaskIoStress() {
    }

    static void play(ActionRun run) throws InterruptedException {
        String percent = run.parameter("percent", "80");
        String workers = run.parameter("workers", "1");
        List<Runnable> restores = new ArrayList<>();
        for (Resource task : run.targets()) {
            String taskId = ActionRun.taskId(task);
            Path directory = run.platform().workDirectory().resolve("io-stress").resolve(taskId);
            try {
                Process stressor = run.platform().service().startSidecar(taskId, IoStresser.class.getName(),
                        List.of(percent, workers, directory.toString()));
                Runnable restore = () -> stop(stressor, directory);
                restores.add(restore);
                run.applied(restore);
            } catch (IllegalArgumentException | IllegalStateException gone) {
                // The task stopped since the targets were resolved: nothing left to stress there.
            }
        }
        run.holdThenUndo(restores);
    }

    private static void stop(Process stressor, Path directory) {
        stressor.destroy();
        try {
            if (!stressor.waitFor(2, TimeUnit.SECONDS)) {
                stressor.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            stressor.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // nothing written yet, or already gone
        }
    }
}
