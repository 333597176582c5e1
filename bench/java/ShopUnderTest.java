import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One shop task for bench/reference-service: zonky embedded PostgreSQL, and ShopMain as a child
 * JVM with the given JVM flags, as the local platform launches a task (same environment
 * variables, SHOP_WATCH_STDIN so it dies with this process). Writes {@code url=…}, {@code pid=…}
 * to the ready file, then runs until it is sent SIGTERM.
 *
 * <p>Usage: {@code java -cp <harness classpath> ShopUnderTest.java <ready-file> <task-log> [jvm flags…]}
 */
public final class ShopUnderTest {

    public static void main(String[] args) throws Exception {
        Path ready = Path.of(args[0]);
        Path log = Path.of(args[1]);
        List<String> flags = List.of(args).subList(2, args.length);

        EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(flags);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("dev.gameday.shop.ShopMain");
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("SHOP_DB_URL", pg.getJdbcUrl("postgres", "postgres"));
        pb.environment().put("SHOP_DB_USER", "postgres");
        pb.environment().put("SHOP_DB_PASSWORD", "");
        pb.environment().put("SHOP_PORT", "0");
        pb.environment().put("SHOP_ZONE", "local-1a");
        pb.environment().put("SHOP_WATCH_STDIN", "true");
        pb.redirectError(log.toFile());
        Process shop = pb.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            shop.toHandle().destroy();
            try {
                shop.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
            shop.destroyForcibly();
            try {
                pg.close();
            } catch (Exception ignored) {
                // best effort at exit
            }
        }));
        BufferedReader out = new BufferedReader(new InputStreamReader(shop.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith("READY port=")) {
            System.err.println("shop did not start: " + line + " (see " + log + ")");
            System.exit(1);
        }
        int port = Integer.parseInt(line.substring("READY port=".length()).trim());
        Files.writeString(ready, "url=http://127.0.0.1:" + port + "\npid=" + shop.pid() + "\nflags=" + String.join(" ", flags) + "\n");
        System.err.println("shop ready on port " + port + " (pid " + shop.pid() + ", flags " + flags + ")");
        shop.waitFor();
        System.err.println("shop exited with " + shop.exitValue());
    }
}
