package dev.gameday.platform.task;

import java.util.Map;
import java.util.Set;

/**
 * The part of the harness's environment a process it starts may see: what a JVM or a server
 * needs to run (search path, home, Java, locale, time zone, temporary directory) and nothing else.
 * The harness's environment holds AWS credentials and whatever else its shell had; a task, a
 * sidecar or a database server has no use for them, and a shop that leaked its environment would
 * leak them too. What a process needs beyond this (the {@code SHOP_*} settings) is given to it.
 */
public final class InheritedEnvironment {

    /** Variables passed on by name; {@code LC_*} locale variables are passed on too. */
    public static final Set<String> ALLOWED = Set.of("PATH", "HOME", "USER", "LOGNAME", "JAVA_HOME", "LANG",
            "LANGUAGE", "TZ", "TMPDIR");

    private InheritedEnvironment() {
    }

    /** Replaces {@code environment} (a {@link ProcessBuilder}'s, filled from ours) by its allowed part. */
    public static void restrict(Map<String, String> environment) {
        environment.keySet().removeIf(name -> !ALLOWED.contains(name) && !name.startsWith("LC_"));
    }
}
