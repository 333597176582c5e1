package dev.gameday.platform.task;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
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
 * Task JVMs share their classes through one archive per class path: written by the first task as
 * it exits, used by the next, and never in the way when it cannot be.
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
                    public static void main(String[] args) {
                        System.out.println(new java.util.concurrent.ConcurrentSkipListMap<String, String>().size());
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
    void theFirstTaskWritesTheArchiveAsItExitsAndTheNextUseIt() throws Exception {
        Files.writeString(classes.resolve("Other.class"), "not needed by the task");
        ClassDataSharing sharing = ClassDataSharing.in(cache);
        String harness = classes + File.pathSeparator + jar();

        ClassDataSharing.Launch first = sharing.plan(MAIN, harness, TaskDefinition.SMALL_JVM);
        ClassDataSharing.Launch meanwhile = sharing.plan(MAIN, harness, TaskDefinition.SMALL_JVM);

        // The task runs on the jars alone (the JDK archives nothing from a directory, and refuses to write with one).
        assertThat(first.classpath()).isEqualTo(jar().toString());
        assertThat(first.jvmOptions()).singleElement().asString().startsWith("-XX:ArchiveClassesAtExit=");
        assertThat(meanwhile.jvmOptions()).isEmpty();
        first.exited(run(first, List.of()));
        assertThat(first.archive()).isRegularFile();
        assertThat(first.partial()).doesNotExist();

        ClassDataSharing.Launch next = sharing.plan(MAIN, harness, TaskDefinition.SMALL_JVM);
        assertThat(next.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + first.archive());
        // -Xshare:on fails the JVM unless the archive maps: it is usable, not just present.
        assertThat(run(next, List.of("-Xshare:on"))).isZero();
    }

    @Test
    void aTaskKilledWhileWritingLeavesNoArchive() throws Exception {
        ClassDataSharing sharing = ClassDataSharing.in(cache);
        ClassDataSharing.Launch first = sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM);
        Files.writeString(first.partial(), "cut short");

        first.exited(137);

        assertThat(first.archive()).doesNotExist();
        assertThat(first.partial()).doesNotExist();
        assertThat(sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM).jvmOptions()).singleElement()
                .asString().startsWith("-XX:ArchiveClassesAtExit="); // the next platform tries again
    }

    @Test
    void anUnusableArchiveCostsOnlyTheSpeed() throws Exception {
        ClassDataSharing sharing = ClassDataSharing.in(cache);
        ClassDataSharing.Launch first = sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM);
        Files.writeString(first.archive(), "not an archive (a JDK update, a disk error)");
        first.exited(143);

        ClassDataSharing.Launch next = sharing.plan(MAIN, jar().toString(), TaskDefinition.SMALL_JVM);

        assertThat(next.jvmOptions()).containsExactly("-XX:SharedArchiveFile=" + first.archive());
        assertThat(run(next, List.of())).isZero();
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

    /** Runs the main class as a task would be launched; returns its exit code. */
    private static int run(ClassDataSharing.Launch launch, List<String> extra) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", launch.classpath()));
        command.addAll(TaskDefinition.SMALL_JVM);
        command.addAll(launch.jvmOptions());
        command.addAll(extra);
        command.add(MAIN);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the JVM exits").isTrue();
        return process.exitValue();
    }

    private static Path jar() {
        return jars.resolve("probe.jar").toAbsolutePath();
    }
}
