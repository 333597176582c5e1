package dev.gameday.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reference deployment's outputs to a game day plan, as a user types it, with no AWS account:
 * {@code ./gameday target --from-stack-outputs reference-deployment/describe-stacks.json --out t.yaml},
 * then {@code ./gameday plan az-outage --target t.yaml} exits 0.
 */
class StackTargetIT {

    @TempDir
    Path tmp;

    @Test
    void theExampleStacksOutputsMakeATargetThatPlansOffline() throws Exception {
        Path target = tmp.resolve("t.yaml");
        String wrote = run("target", "--from-stack-outputs", "reference-deployment/describe-stacks.json",
                "--out", target.toString());
        assertThat(wrote).contains("wrote " + target + " from stack gameday-shop (eu-west-1, account 123456789012");
        assertThat(Files.readString(target)).contains("cluster: \"gameday-shop-databaseb269d8bb-7kq2m9x4z1ab\"");

        String plan = run("plan", "az-outage", "--target", target.toString());
        assertThat(plan).contains("(aws: eu-west-1, account 123456789012, ECS gameday-shop-ClusterEB0386A7-9qXaT1bH2cLm/shop-api",
                "experiment az-power-interruption: valid for FIS",
                "blast radius: not resolved — no AWS credentials found", "calls in all");

        // Written once, a target is not overwritten by accident.
        Process again = start(tmp.resolve("again.log"), "target", "--from-stack-outputs",
                "reference-deployment/describe-stacks.json", "--out", target.toString());
        assertThat(again.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(again.exitValue()).isEqualTo(2);
        assertThat(Files.readString(tmp.resolve("again.log"))).contains(target + " exists; pass --force");
    }

    /** Runs {@code ./gameday ARGS…} to its end, asserts exit 0, returns what it printed. */
    private String run(String... args) throws IOException, InterruptedException {
        Path console = tmp.resolve(args[0] + ".log");
        Process process = start(console, args);
        boolean ended = process.waitFor(2, TimeUnit.MINUTES);
        String printed = Files.readString(console);
        assertThat(ended).as(printed).isTrue();
        assertThat(process.exitValue()).as(printed).isZero();
        return printed;
    }

    /** The launcher with no AWS credentials anywhere the SDK looks (no files, no instance metadata). */
    private static Process start(Path console, String... args) throws IOException {
        ProcessBuilder launcher = new ProcessBuilder(prepend(Launcher.HOME.resolve("gameday").toString(), args))
                .redirectErrorStream(true).redirectOutput(console.toFile()).directory(Launcher.HOME.toFile());
        Map<String, String> env = launcher.environment();
        env.keySet().removeIf(name -> name.startsWith("AWS_"));
        env.put("GAMEDAY_SKIP_BUILD", "1");
        env.put("AWS_SHARED_CREDENTIALS_FILE", Launcher.HOME.resolve("target/no-aws-credentials").toString());
        env.put("AWS_CONFIG_FILE", Launcher.HOME.resolve("target/no-aws-config").toString());
        env.put("AWS_EC2_METADATA_DISABLED", "true");
        Process process = launcher.start();
        process.getOutputStream().close();
        return process;
    }

    private static String[] prepend(String first, String[] rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
