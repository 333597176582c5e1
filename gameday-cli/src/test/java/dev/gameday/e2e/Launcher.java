package dev.gameday.e2e;

import java.io.IOException;
import java.nio.file.Path;

/** Starts the real {@code ./gameday} launcher script, as a user would, for the end-to-end tests. */
final class Launcher {

    /** The project root: the module's parent folder when Maven runs the tests. */
    static final Path HOME = Path.of("..").toAbsolutePath().normalize();

    private Launcher() {
    }

    /** Starts {@code ./gameday ARGS…} with its console (stdout and stderr) going to {@code console}. */
    static Process start(Path console, String... args) throws IOException {
        String[] command = new String[args.length + 1];
        command[0] = HOME.resolve("gameday").toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder launcher = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(console.toFile());
        // Maven has just packaged everything; the launcher must not start a build of its own.
        launcher.environment().put("GAMEDAY_SKIP_BUILD", "1");
        Process process = launcher.start();
        process.getOutputStream().close();
        return process;
    }
}
