package dev.gameday.platform.task;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Application class-data sharing for task JVMs (AppCDS, JDK 17's dynamic archive): the classes a
 * task loads are archived once per machine, JDK and class path, and every later task maps them
 * instead of loading and verifying them again — about half a task's CPU to READY
 * (docs/BENCHMARKS.md §2).
 *
 * <p>The archive lives in a machine cache ({@code ${java.io.tmpdir}/gameday-cds}, like zonky's
 * unpacked PostgreSQL), named by a hash of the JDK, the main class and every jar's path, size and
 * modification time, so a rebuild or another worktree gets its own. With no archive yet, the first
 * task this JVM launches records what it loads ({@code -XX:+RecordDynamicDumpInfo}) and is asked to
 * write the archive when the platform closes, before it is stopped ({@code jcmd <pid> VM.cds
 * dynamic_dump}: a few seconds of teardown, once); the others run without. Writing it at exit
 * instead would make that task's every stop — an experiment's too — seconds slower, and under load
 * the stop timeout kills it mid-write. A missing or unusable archive costs nothing but the speed:
 * the JVM runs without sharing ({@code -Xshare:auto}, its default).
 *
 * <p>The JDK archives classes from jars only, and refuses to write an archive when the class path
 * holds a non-empty directory. So sharing applies only when the task's main class comes from a jar
 * of a class path of plain jars, where the task runs on the jars alone: the harness's own
 * {@code target/classes} (the {@code gameday} launcher puts {@code gameday-cli}'s there) are
 * dropped, since the shop depends on nothing of the harness. Otherwise — classes in directories
 * (an IDE), a manifest-only jar naming the rest (as Maven Surefire can use), flags of its own in the
 * task definition, or {@code -Dgameday.task.cds=false} — tasks launch exactly as before, on the
 * harness's class path.
 */
public final class ClassDataSharing {

    /** {@code false} turns sharing off for every task of this JVM. */
    public static final String ENABLED_PROPERTY = "gameday.task.cds";
    /** Where the archives go instead of the machine cache (a benchmark's own folder, say). */
    public static final String CACHE_PROPERTY = "gameday.task.cds.cache";

    private static final Set<Path> DUMPING = ConcurrentHashMap.newKeySet();
    /** Each class path is read once per JVM: a harness's holds a few hundred jars. */
    private static final Map<String, Optional<List<Path>>> JARS = new ConcurrentHashMap<>();
    private static final int ARCHIVES_KEPT = 3;

    private final Path cache;

    private ClassDataSharing(Path cache) {
        this.cache = cache;
    }

    /** Archives in the machine cache, {@code ${java.io.tmpdir}/gameday-cds} (or {@value #CACHE_PROPERTY}). */
    public static ClassDataSharing machineCache() {
        String cache = System.getProperty(CACHE_PROPERTY);
        return in(cache != null ? Path.of(cache) : Path.of(System.getProperty("java.io.tmpdir"), "gameday-cds"));
    }

    /** Archives in {@code cache}. */
    public static ClassDataSharing in(Path cache) {
        return new ClassDataSharing(cache);
    }

    /**
     * How to launch a task of {@code mainClass}: its class path and the flags to add after the task
     * definition's own.
     *
     * @param classpath  the harness's class path ({@code java.class.path})
     * @param jvmOptions the task definition's flags
     */
    public Launch plan(String mainClass, String classpath, List<String> jvmOptions) {
        Launch unshared = new Launch(classpath, List.of(), null, null);
        if ("false".equalsIgnoreCase(System.getProperty(ENABLED_PROPERTY))
                || jvmOptions.stream().anyMatch(o -> o.startsWith("-Xshare") || o.contains("SharedArchiveFile")
                || o.contains("ArchiveClassesAtExit") || o.contains("DynamicDumpInfo"))) {
            return unshared;
        }
        Optional<List<Path>> jars = JARS.computeIfAbsent(mainClass + "\n" + classpath, k -> jarsOnly(classpath, mainClass));
        if (jars.isEmpty()) {
            return unshared;
        }
        String taskClasspath = String.join(java.io.File.pathSeparator, jars.get().stream().map(Path::toString).toList());
        Path archive = cache.resolve(simpleName(mainClass) + "-" + key(mainClass, jars.get()) + ".jsa");
        if (Files.isRegularFile(archive)) {
            return new Launch(taskClasspath, List.of("-XX:SharedArchiveFile=" + archive), null, null);
        }
        if (!DUMPING.add(archive)) {
            return new Launch(taskClasspath, List.of(), null, null); // another task writes it
        }
        try {
            Files.createDirectories(cache);
        } catch (IOException e) {
            DUMPING.remove(archive);
            return new Launch(taskClasspath, List.of(), null, null);
        }
        Path partial = cache.resolve(archive.getFileName() + ".partial-" + ProcessHandle.current().pid()
                + "-" + System.nanoTime());
        return new Launch(taskClasspath, List.of("-XX:+RecordDynamicDumpInfo"), partial, archive);
    }

    /**
     * How one task is launched.
     *
     * @param classpath  the task's class path
     * @param jvmOptions flags added after the task definition's
     * @param partial    where this task writes the archive when asked, or {@code null}
     * @param archive    where the archive goes once written, or {@code null}
     */
    public record Launch(String classpath, List<String> jvmOptions, Path partial, Path archive) {

        /** Whether this task is the one to write the archive ({@link #archiveClasses}). */
        public boolean records() {
            return partial != null;
        }

        /**
         * Asks the task's JVM ({@code pid}, still running) to write the classes it loaded into the
         * archive, and waits for it (at most {@link #DUMP_TIMEOUT}); the archive is put in place for
         * every later task only when the JVM said it wrote it. Does nothing for a task that does not
         * {@link #records() record}, and nothing twice.
         */
        public void archiveClasses(long pid) {
            if (!records() || !DUMPING.contains(archive)) {
                return;
            }
            try {
                Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                Process dump = new ProcessBuilder(jcmd.toString(), Long.toString(pid), "VM.cds", "dynamic_dump",
                        partial.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .start();
                if (!dump.waitFor(DUMP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    dump.destroyForcibly();
                } else if (dump.exitValue() == 0 && Files.isRegularFile(partial) && Files.size(partial) > 0) {
                    Files.move(partial, archive, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    pruneOlder(archive);
                }
            } catch (IOException | UncheckedIOException e) {
                // No jcmd (a JRE), or no archive this time: a later platform tries again.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                deleteQuietly(partial);
                DUMPING.remove(archive);
            }
        }

        /** Called when the task has exited: if it never wrote the archive, a later task may. */
        public void exited() {
            if (records() && !Files.isRegularFile(archive)) {
                deleteQuietly(partial);
                DUMPING.remove(archive);
            }
        }
    }

    /** How long writing the archive may take (the task's JVM pauses while it writes). */
    public static final java.time.Duration DUMP_TIMEOUT = java.time.Duration.ofSeconds(60);

    /**
     * The class path's jars when every entry is a plain jar or a directory, the main class is found
     * first in one of the jars, and no jar names more of the class path in its manifest; empty
     * otherwise.
     */
    private static Optional<List<Path>> jarsOnly(String classpath, String mainClass) {
        String entryName = mainClass.replace('.', '/') + ".class";
        List<Path> jars = new ArrayList<>();
        Path home = null;
        for (String entry : classpath.split(java.io.File.pathSeparator)) {
            if (entry.isEmpty()) {
                continue;
            }
            Path path = Path.of(entry).toAbsolutePath();
            if (Files.isDirectory(path)) {
                if (home == null && Files.exists(path.resolve(entryName))) {
                    return Optional.empty(); // the main class comes from a directory
                }
                continue;
            }
            if (!entry.endsWith(".jar") || !Files.isRegularFile(path)) {
                return Optional.empty();
            }
            try (JarFile jar = new JarFile(path.toFile())) {
                if (jar.getManifest() != null && jar.getManifest().getMainAttributes().getValue("Class-Path") != null) {
                    return Optional.empty();
                }
                if (home == null && jar.getEntry(entryName) != null) {
                    home = path;
                }
            } catch (IOException e) {
                return Optional.empty();
            }
            jars.add(path);
        }
        return home != null ? Optional.of(jars) : Optional.empty();
    }

    private static String key(String mainClass, List<Path> jars) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            StringBuilder what = new StringBuilder(System.getProperty("java.home")).append('\n')
                    .append(System.getProperty("java.vm.version")).append('\n').append(mainClass).append('\n');
            for (Path jar : jars) {
                what.append(jar).append(' ').append(Files.size(jar)).append(' ')
                        .append(Files.getLastModifiedTime(jar).toMillis()).append('\n');
            }
            return HexFormat.of().formatHex(sha.digest(what.toString().getBytes(StandardCharsets.UTF_8))).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the class path's jars", e);
        }
    }

    /** Keeps the newest few archives of one main class: each rebuild of the jars makes a new one. */
    private static void pruneOlder(Path archive) {
        String prefix = archive.getFileName().toString().replaceFirst("-[0-9a-f]{16}\\.jsa$", "-");
        try (Stream<Path> files = Files.list(archive.getParent())) {
            files.filter(f -> f.getFileName().toString().startsWith(prefix) && f.toString().endsWith(".jsa"))
                    .sorted(Comparator.comparing(ClassDataSharing::modified).reversed())
                    .skip(ARCHIVES_KEPT)
                    .forEach(ClassDataSharing::deleteQuietly);
        } catch (IOException ignored) {
            // an old archive left behind costs disk, not correctness
        }
    }

    private static long modified(Path file) {
        try {
            return Files.getLastModifiedTime(file).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String simpleName(String mainClass) {
        return mainClass.substring(mainClass.lastIndexOf('.') + 1);
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // a leftover in a temporary folder
        }
    }
}
