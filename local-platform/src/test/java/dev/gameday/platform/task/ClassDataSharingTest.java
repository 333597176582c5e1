package dev.gameday.platform.task;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Task JVMs share their classes through one archive per class path: written by the first task when
 * the platform closes, used by the next, and never in the way when it cannot be.
 */
class ClassDataSharingTest {

    /** A main class in a plain jar, as the shop's is in its module's jar. */
    private static final String MAIN = "probe.Hello";

    @TempDir
    static Path jars;
    @TempDir
    Path cache;
    @TempDir
    Path classes;

    @BeforeAll
    static void aJarWithAMainClass() throws IOException {
        Path source = Files.createDirectories(jars.resolve("src/probe")).resolve("Hello.java");
        Files.writeString(source, """
                package probe;
                public class Hello {
                    public static void main(String[] args) throws Exception {
                        System.out.println(new java.util.concurrent.ConcurrentSkipListMap<String, String>().size());
                        System.in.read(); // like a task: runs until its stdin closes
                    }
                }
                """);
        Path out = Files.createDirectories(jars.resolve("classes"));
        assertThat(ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", out.toString(), source.toString()))
                .isZero();
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(jar()))) {
            jar.putNextEntry(new JarEntry("probe/Hello.class"));
            jar.write(Files.readAllBytes(out.resolve("probe/Hello.class")));
            jar.closeEntry();
        }
    }

    @Test
    void theFirstTaskWritesTheArchiveWhenAskedAndTheNextUseIt() throws Exception {
        Files.writeString(classes.resolve("Other.class"), "not needed by the task");
        ClassDataSharing sharing = ClassDataSharing.in(cache);
        String harness = classes + File.pathSeparator + jar();

        ClassDataSharing.Launch first = sharing.plan(MAIN, harness, TaskDefinition.SMALL_JVM);
        ClassDataSharing.Launch meanwhile = sharing.plan(MAIN, harness, TaskDefinition.SMALL_JVM);

        // The task runs on the jars alone (the JDK archives nothing from a directory, and refuses to write with one).
        assertThat(first.classpath()).isEqualTo(jar().toString());
        assertThat(first.jvmOptions()).containsExactly("-XX:+RecordDynamicDumpInfo");
        assertThat(meanwhile.jvmOptions()).isEmpty();
        Process task = start(first, List.of());
        first.archiveClasses(task.pid());
        assertThat(first.archive()).isRegularFile();
        assertThat(first.partial()).doesNotExist();
        assertThat(stop(task)).as("the task runs on after writing").isZero();
        first.exited();
        assertThat(first.archive()).isRegularFile();

        ClassDataSharing.Launch next = sharing.plan(MAIN, harness, TaskDefinition.SMALL_JVM);
        assertThat(next.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + first.archive());
        // -Xshare:on fails the JVM unless the archive maps: it is usable, not just present.
        assertThat(stop(start(next, List.of("-Xshare:on")))).isZero();
    }

    @Test
    void aTaskGoneBeforeItWroteTheArchiveLeavesItToTheNext() throws Exception {
        ClassDataSharing sharing = ClassDataSharing.in(cache);
        ClassDataSharing.Launch first = sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM);
        Process task = start(first, List.of());
        task.destroyForcibly().waitFor(); // stopped by an experiment, say

        first.archiveClasses(task.pid()); // too late: nothing to ask
        first.exited();

        assertThat(first.archive()).doesNotExist();
        assertThat(first.partial()).doesNotExist();
        assertThat(sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM).jvmOptions())
                .containsExactly("-XX:+RecordDynamicDumpInfo"); // the next task records
    }

    @Test
    void anUnusableArchiveCostsOnlyTheSpeed() throws Exception {
        ClassDataSharing sharing = ClassDataSharing.in(cache);
        ClassDataSharing.Launch first = sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM);
        Files.writeString(first.archive(), "not an archive (a JDK update, a disk error)");
        first.exited();

        ClassDataSharing.Launch next = sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM);

        assertThat(next.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + first.archive());
        assertThat(stop(start(next, List.of()))).isZero();
    }

    @Test
    void tasksLaunchAsBeforeWhereSharingCannotApply() throws Exception {
        ClassDataSharing sharing = ClassDataSharing.in(cache);
        String harness = classes + File.pathSeparator + jar();

        // The main class in a directory (an IDE's class path).
        Files.createDirectories(classes.resolve("probe"));
        Files.writeString(classes.resolve("probe/Hello.class"), "compiled by the IDE");
        assertThat(sharing.plan(MAIN, harness, TaskDefinition.SMALL_JVM))
                .isEqualTo(new ClassDataSharing.Launch(harness, List.of(), null, null));
        // Flags of the task definition's own.
        List<String> own = List.of("-Xshare:off");
        assertThat(sharing.plan(MAIN, harness, own)).isEqualTo(new ClassDataSharing.Launch(harness, List.of(), null, null));
        // A manifest-only jar naming the rest of the class path (Maven Surefire's).
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, jar().toUri().toString());
        Path booter = classes.resolveSibling(classes.getFileName() + "-booter.jar");
        new JarOutputStream(Files.newOutputStream(booter), manifest).close();
        String viaManifest = booter + File.pathSeparator + jar();
        assertThat(sharing.plan(MAIN, viaManifest, TaskDefinition.SMALL_JVM))
                .isEqualTo(new ClassDataSharing.Launch(viaManifest, List.of(), null, null));
    }

    /** Starts the main class as a task would be launched; returns once it printed its first line. */
    private static Process start(ClassDataSharing.Launch launch, List<String> extra) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", launch.classpath()));
        command.addAll(TaskDefinition.SMALL_JVM);
        command.addAll(launch.jvmOptions());
        command.addAll(extra);
        command.add(MAIN);
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        assertThat(out.readLine()).as("the task's first line").isEqualTo("0");
        Thread drain = new Thread(() -> {
            try {
                out.lines().forEach(line -> { });
            } catch (UncheckedIOException closed) {
                // the task has gone
            }
        });
        drain.setDaemon(true);
        drain.start();
        return process;
    }

    /** Closes the task's stdin, as the platform's going away does; returns its exit code. */
    private static int stop(Process task) throws IOException, InterruptedException {
        task.getOutputStream().close();
        assertThat(task.waitFor(60, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
        return task.exitValue();
    }

    private static Path jar() {
        return jars.resolve("probe.jar").toAbsolutePath();
    }
}
