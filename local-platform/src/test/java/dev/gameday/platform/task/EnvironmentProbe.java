package dev.gameday.platform.task;

import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/**
 * A task for {@link TaskEnvironmentTest}: prints every environment variable it sees as
 * {@code ENV name=value}, then the READY line, and lives until its stdin closes.
 */
public final class EnvironmentProbe {

    private EnvironmentProbe() {
    }

    public static void main(String[] args) throws IOException {
        for (Map.Entry<String, String> e : new TreeMap<>(System.getenv()).entrySet()) {
            System.out.println("ENV " + e.getKey() + "=" + e.getValue());
        }
        System.out.println("READY port=1");
        System.out.flush();
        while (System.in.read() >= 0) {
            // the launcher holds stdin open for the task's life
        }
    }
}
