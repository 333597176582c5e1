package dev.gameday.simulation.runner;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

/**
 * Puts Logback back after a Gatling run: Gatling stops the Logback context when a run ends
 * (it expects to own the JVM), which silences the harness that called it. Re-running Logback's
 * own auto-configuration finds the same configuration (logback.xml, or
 * {@code -Dlogback.configurationFile}) the harness started with.
 */
final class LogbackRestart {

    private LogbackRestart() {
    }

    /** Re-initialises Logback if Gatling stopped it; a no-op with another SLF4J binding. */
    static void ifStopped() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        if (factory instanceof LoggerContext context && !context.isStarted()) {
            context.reset();
            try {
                new ContextInitializer(context).autoConfig();
            } catch (Exception e) {
                // Nothing to log with yet: stderr is what is left.
                System.err.println("gameday: cannot re-initialise Logback after the Gatling run: " + e);
            }
            context.start();
        }
    }
}
