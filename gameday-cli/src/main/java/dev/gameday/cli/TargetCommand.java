package dev.gameday.cli;

import dev.gameday.core.config.ConfigException;
import dev.gameday.stack.StackDescription;
import dev.gameday.stack.StackTargetFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code gameday target --from-stack-outputs FILE --out FILE}: writes an {@code aws} target file from
 * a saved {@code aws cloudformation describe-stacks} answer, for a reference deployment stood up by
 * other means than {@code gameday deploy} (the console, the CDK CLI, a pipeline). Offline: it reads
 * the file, calls nothing.
 */
@Command(name = "target", mixinStandardHelpOptions = true,
        description = {"Writes an aws target file from the reference deployment's stack outputs.",
                "Save the stack's description first:",
                "  aws cloudformation describe-stacks --stack-name gameday-shop > stack.json"})
final class TargetCommand implements Callable<Integer> {

    @Option(names = "--from-stack-outputs", required = true, paramLabel = "FILE",
            description = "A saved `aws cloudformation describe-stacks` answer (JSON).")
    Path from;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The target file to write.")
    Path out;

    @Option(names = "--stack", paramLabel = "NAME",
            description = "Which stack, when the answer describes several.")
    String stack;

    @Option(names = "--force", description = "Overwrite FILE if it exists.")
    boolean force;

    @Override
    public Integer call() {
        if (Files.exists(out) && !force) {
            System.err.println("gameday: " + out + " exists; pass --force to overwrite it");
            return GamedayCommand.NOT_RUN;
        }
        try {
            StackDescription description = StackDescription.read(from, stack);
            StackTargetFile.write(description, out);
            System.out.println("wrote " + out + " from stack " + description.name() + " (" + description.region()
                    + ", account " + description.account() + ", " + description.status() + ")");
            System.out.println("next: ./gameday plan az-outage --target " + out);
            return GamedayCommand.PASS;
        } catch (ConfigException | UncheckedIOException e) {
            System.err.println("gameday: " + e.getMessage());
            return GamedayCommand.NOT_RUN;
        }
    }
}
