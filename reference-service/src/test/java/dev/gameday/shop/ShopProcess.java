package dev.gameday.shop;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** {@link ShopMain} as a real child JVM on this test's classpath, with its output captured line by line. */
final class ShopProcess implements AutoCloseable {

    final Process process;
    final List<String> stdout = new CopyOnWriteArrayList<>();
    final List<String> stderr = new CopyOnWriteArrayList<>();

    private ShopProcess(Process process) {
        this.process = process;
        pump(process.getInputStream(), stdout);
        pump(process.getErrorStream(), stderr);
    }

    static ShopProcess launch(Map<String, String> env) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), ShopMain.class.getName());
        pb.environment().keySet().removeIf(k -> k.startsWith("SHOP_"));
        pb.environment().putAll(env);
        return new ShopProcess(pb.start());
    }

    /** The port from the {@code READY port=<port>} line, or -1 before it was printed. */
    int readyPort() {
        return stdout.stream().filter(l -> l.startsWith("READY port=")).findFirst()
                .map(l -> Integer.parseInt(l.substring("READY port=".length()).trim())).orElse(-1);
    }

    boolean stderrContains(String text) {
        return stderr.stream().anyMatch(l -> l.contains(text));
    }

    private static void pump(InputStream in, List<String> lines) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process is gone
            }
        }, "shop-process-pump");
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Override
    public String toString() {
        return "stdout=" + stdout + "\nstderr=" + String.join("\n", stderr);
    }
}
