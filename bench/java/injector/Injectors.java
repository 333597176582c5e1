import dev.gameday.core.metric.Statistic;
import dev.gameday.simulation.inject.InjectorFeed;
import dev.gameday.simulation.inject.InjectorMain;
import dev.gameday.simulation.inject.InjectorSpec;
import dev.gameday.simulation.journey.CheckoutPolicy;
import dev.gameday.simulation.journey.JourneyMix;
import dev.gameday.simulation.journey.ShopperPool;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientMetrics;
import dev.gameday.simulation.recorder.ClientRecorder;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * bench/injectors: one injector or several, the same total arrival rate split between them, against
 * the stub. Each injector is its own process running {@code InjectorMain} — the code a local
 * game day's {@code gameday-injectors} tasks run, with the same JVM flags — on its share of the
 * arrivals (rate / N, shopper journeys, accounts ⌈pool / N⌉), all started at one instant, each
 * streaming its samples over loopback into this process's {@link InjectorFeed} as into the
 * harness's. Their {@code client.json} files are merged exactly ({@link ClientMetrics#merge}); the
 * merged percentiles over the measured window are the figures.
 *
 * <pre>
 * Injectors &lt;stub-url&gt; &lt;stub-pid&gt; &lt;work-dir&gt; &lt;warm-up s&gt; &lt;measured s&gt; &lt;fleets, e.g. 1,3&gt; &lt;journeys/s&gt;…
 * </pre>
 * For each rate, each fleet size in turn (so both meet the same machine): the injectors send
 * {@code warm-up + measured} seconds of constant arrivals; the first {@code warm-up} seconds (fresh
 * JVMs: class loading, JIT) are left out. CPU is read from {@code /proc/<pid>/stat} at the measured
 * window's edges, for the injectors, this process (the feed's end) and the stub.
 */
public final class Injectors {

    /** LocalPlacement's injector JVM (a game day's local injector task runs with these). */
    private static final List<String> JVM = List.of("-XX:+UseSerialGC", "-Xmx384m", "-XX:TieredStopAtLevel=1",
            "--add-opens=java.base/java.lang=ALL-UNNAMED");
    private static final Map<String, Double> MIX = Map.of("browser", 70.0, "cart-abandoner", 20.0, "buyer", 10.0);
    /** Short pauses, as bench/injector's cost runs: many requests per journey second, few users in flight. */
    private static final ThinkTime THINK = ThinkTime.between(Duration.ZERO, Duration.ofMillis(100));
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    public static void main(String[] args) throws Exception {
        URI stub = URI.create(args[0]);
        long stubPid = Long.parseLong(args[1]);
        Path work = Path.of(args[2]);
        int warmUp = Integer.parseInt(args[3]);
        int measured = Integer.parseInt(args[4]);
        String[] fleets = args[5].split(",");
        for (int i = 6; i < args.length; i++) {
            double rate = Double.parseDouble(args[i]);
            for (String fleet : fleets) {
                step(stub, stubPid, work.resolve("rate-" + args[i] + "-n" + fleet), Integer.parseInt(fleet), rate,
                        warmUp, measured);
            }
        }
        System.exit(0);
    }

    private static void step(URI stub, long stubPid, Path dir, int n, double rate, int warmUp, int measured)
            throws Exception {
        Files.createDirectories(dir);
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        ClientRecorder live = new ClientRecorder();
        int pool = ShopperPool.sizeFor(rate, JourneyMix.fromMap(MIX), THINK, CheckoutPolicy.defaults());
        // As LocalPlacement: time for every JVM to start, Gatling to start and the accounts to register.
        Instant startAt = Instant.now().plusSeconds(15 + 3L * n);
        Instant from = startAt.plusSeconds(warmUp);
        Instant to = from.plusSeconds(measured);
        List<Process> injectors = new ArrayList<>();
        List<Path> outputs = new ArrayList<>();
        CountDownLatch ready = new CountDownLatch(n);
        try (InjectorFeed feed = InjectorFeed.open(live)) {
            for (int i = 1; i <= n; i++) {
                String id = "inj-" + i;
                Path output = dir.resolve(id);
                outputs.add(output);
                InjectorSpec spec = new InjectorSpec("bench", id, "local-1" + "abc".charAt((i - 1) % 3), stub,
                        LoadProfile.constant(rate / n, Duration.ofSeconds(warmUp + measured)), MIX, THINK.toMap(),
                        Math.max(1, (int) Math.ceil(pool / (double) n)), 42 + i, startAt, output, feed.port(), null);
                Path specFile = dir.resolve(id + ".json");
                Files.writeString(specFile, spec.toJson());
                List<String> command = new ArrayList<>();
                command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
                command.addAll(JVM);
                command.add("-Dlogback.configurationFile=" + System.getProperty("logback.configurationFile"));
                command.add("-cp");
                command.add(System.getProperty("java.class.path"));
                command.add(InjectorMain.class.getName());
                command.add(specFile.toString());
                Process p = new ProcessBuilder(command).redirectError(dir.resolve(id + ".log").toFile()).start();
                injectors.add(p);
                watchReady(p, ready);
            }
            boolean allReady = ready.await(Duration.between(Instant.now(), startAt).toMillis(), TimeUnit.MILLISECONDS);
            sleepUntil(from);
            long[] cpu0 = cpu(injectors, stubPid);
            sleepUntil(to);
            long[] cpu1 = cpu(injectors, stubPid);
            for (Process p : injectors) {
                if (!p.waitFor(warmUp + measured + 180, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException("an injector did not end; see " + dir);
                }
            }
            ClientMetrics[] parts = new ClientMetrics[n];
            for (int i = 0; i < n; i++) {
                parts[i] = ClientMetrics.read(outputs.get(i).resolve("client.json"));
            }
            ClientRecorder merged = ClientRecorder.of(ClientMetrics.merge(parts));
            double requests = sum(merged, ClientRecorder.REQUEST_COUNT, from, to);
            double ko = sum(merged, ClientRecorder.KO_COUNT, from, to);
            double streamed = sum(live, ClientRecorder.REQUEST_COUNT, from, to);
            double injectorCpu = 0;
            StringBuilder each = new StringBuilder();
            for (int i = 0; i < n; i++) {
                double s = (cpu1[i] - cpu0[i]) / (double) TICKS_PER_SECOND;
                injectorCpu += s;
                each.append(i == 0 ? "" : "+").append(String.format(Locale.ROOT, "%.1f", s));
            }
            double harnessCpu = (cpu1[n] - cpu0[n]) / (double) TICKS_PER_SECOND;
            double stubCpu = (cpu1[n + 1] - cpu0[n + 1]) / (double) TICKS_PER_SECOND;
            System.out.printf(Locale.ROOT, "injectors n=%d rate=%s journeys/s req/s=%.0f requests=%.0f ko=%.0f p50=%s p99=%s "
                            + "max=%s injectorCpu=%.1fs(%s) cpuPer1000req=%.3f feedCpu=%.1fs stubCpu=%.1fs allReady=%s "
                            + "streamed=%s load-before=%s dir=%s%n",
                    n, fmt(rate), requests / measured, requests, ko, ms(merged, "p50", from, to), ms(merged, "p99", from, to),
                    ms(merged, "Maximum", from, to), injectorCpu, each, injectorCpu / (requests / 1000.0), harnessCpu,
                    stubCpu, allReady, streamed == requests ? "all" : String.format(Locale.ROOT, "%.0f", streamed), load, dir);
        } finally {
            injectors.forEach(Process::destroyForcibly);
        }
    }

    /** Counts the injector down once it printed its ready line (Gatling started, accounts registered). */
    private static void watchReady(Process p, CountDownLatch ready) {
        Thread t = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("READY ")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the injector ended
            }
        });
        t.setDaemon(true);
        t.start();
    }

    /** utime + stime, in ticks, of each injector, then of this JVM, then of the stub. */
    private static long[] cpu(List<Process> injectors, long stubPid) throws IOException {
        long[] out = new long[injectors.size() + 2];
        for (int i = 0; i < injectors.size(); i++) {
            out[i] = ticks(injectors.get(i).pid());
        }
        out[injectors.size()] = ticks(ProcessHandle.current().pid());
        out[injectors.size() + 1] = ticks(stubPid);
        return out;
    }

    private static long ticks(long pid) throws IOException {
        Path file = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(file)) {
            return 0; // ended already (crashed: its log says why)
        }
        String stat = Files.readString(file);
        // Fields after the command name (in parentheses, may hold spaces): state is field 3, utime 14, stime 15.
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    private static double sum(ClientRecorder r, String metric, Instant from, Instant to) {
        double v = r.aggregateOver(ClientRecorder.query(metric, null, Statistic.SUM), from, to);
        return Double.isNaN(v) ? 0 : v;
    }

    private static String ms(ClientRecorder r, String statistic, Instant from, Instant to) {
        double v = r.aggregateOver(ClientRecorder.query(ClientRecorder.RESPONSE_TIME, null, Statistic.of(statistic)), from, to);
        return Double.isNaN(v) ? "-" : Math.round(v * 1000) + "ms";
    }

    private static String fmt(double rate) {
        return rate == Math.rint(rate) ? String.valueOf((long) rate) : String.valueOf(rate);
    }

    /**
     * Waits for a wall-clock instant of the step's schedule (the measured window's start or end,
     * shared with the injector processes): a time to reach, not a condition to poll.
     */
    private static void sleepUntil(Instant at) throws InterruptedException {
        long millis = Duration.between(Instant.now(), at).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
