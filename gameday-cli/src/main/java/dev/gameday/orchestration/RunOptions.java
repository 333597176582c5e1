package dev.gameday.orchestration;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How {@code gameday run} plays a game day, beyond the definition itself.
 *
 * @param out            the folder run directories are created in ({@code runs/} by default)
 * @param statusInterval how often the live status line is printed
 * @param console        where progress and the final lines go
 */
public record RunOptions(Path out, Duration statusInterval, PrintStream console) {
}
