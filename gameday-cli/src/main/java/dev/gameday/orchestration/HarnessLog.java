package dev.gameday.orchestration;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;

/**
 * Points the harness's detailed log at the run directory ({@code gameday.log}), so each run keeps
 * its own log beside its reports while the console shows only progress and warnings.
 */
final class HarnessLog {

    /** The system property {@code logback.xml} reads the file name from. */
    static final String FILE_PROPERTY = "gameday.log.file";

    private HarnessLog() {
    }

    /** Re-reads the Logback configuration with the log file set to {@code file}. */
    static void logTo(Path file) {
        System.setProperty(FILE_PROPERTY, file.toAbsolutePath().toString());
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (Exception e) {
                System.err.println("gameday: cannot configure the log file " + file + ": " + e);
            }
        }
    }
}
