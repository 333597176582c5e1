import com.sun.management.OperatingSystemMXBean;
import dev.gameday.simulation.journey.ShopperSimulation;
import dev.gameday.simulation.journey.ThinkTime;
import dev.gameday.simulation.ledger.OrderLedger;
import dev.gameday.simulation.profile.LoadProfile;
import dev.gameday.simulation.recorder.ClientRecorder;
import dev.gameday.simulation.runner.GatlingResult;
import dev.gameday.simulation.runner.GatlingRunner;
import dev.gameday.simulation.runner.SimulationContext;
import io.gatling.javaapi.core.Simulation;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * bench/injector, one JVM per measurement.
 *
 * <pre>
 * cost  plain|noledger|ours &lt;stub-url&gt; &lt;journeys/s&gt; &lt;seconds&gt; &lt;work-dir&gt;
 *     a warm-up run (15 s), then the measured run; prints this JVM's CPU seconds (process CPU time)
 *     per 1,000 requests the stub served during the measured run. "ours" is ShopperSimulation with
 *     a ClientRecorder and a file OrderLedger, client.json written at the end (as a game day does);
 *     "noledger" is the same without the ledger's file (the ledger kept in memory: no JSON, no
 *     orders.jsonl), so ours − noledger is what writing the ledger costs; "plain" is
 *     PlainShopperSimulation, the same journeys in plain Gatling.
 * recorder &lt;requests&gt; &lt;threads&gt; &lt;work-dir&gt;
 *     the client recorder alone, no Gatling: each thread records its share of requests (14 names,
 *     sent over 600 s, 1–400 ms) into one ClientRecorder, twice (the first pass warms the JIT);
 *     prints the CPU nanoseconds per record() of the second pass, then the CPU time of writing its
 *     client.json.
 * ladder &lt;stub-url&gt; &lt;seconds per step&gt; &lt;work-dir&gt; &lt;rate&gt;…
 *     ProductReadSimulation at each arrival rate (req/s), Gatling's HTML report on; the bench
 *     script reads the percentiles from each report.
 * </pre>
 */
public final class InjectorCost {

    private static final ThinkTime THINK = ThinkTime.between(Duration.ZERO, Duration.ofMillis(100));

    public static void main(String[] args) throws Exception {
        if (args[0].equals("cost")) {
            cost(args[1], URI.create(args[2]), Double.parseDouble(args[3]), Integer.parseInt(args[4]), Path.of(args[5]));
        } else if (args[0].equals("recorder")) {
            recorder(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Path.of(args[3]));
        } else {
            URI stub = URI.create(args[1]);
            int seconds = Integer.parseInt(args[2]);
            Path work = Path.of(args[3]);
            run(ProductReadSimulation.class, stub, 1000, 10, work.resolve("ladder-warmup"), true, null, null);
            for (int i = 4; i < args.length; i++) {
                double rate = Double.parseDouble(args[i]);
                long before = count(stub);
                long cpu0 = cpuNanos();
                Instant t0 = Instant.now();
                GatlingResult r = run(ProductReadSimulation.class, stub, rate, seconds, work.resolve("ladder-" + args[i]), true, null, null);
                double wall = Duration.between(t0, Instant.now()).toMillis() / 1000.0;
                System.out.printf("ladder rate=%s served=%d exit=%d cpu=%.2fs wall=%.1fs report=%s%n", args[i], count(stub) - before,
                        r.exitCode(), (cpuNanos() - cpu0) / 1e9, wall, r.gatlingDir());
            }
        }
        System.exit(0);
    }

    private static void cost(String mode, URI stub, double rate, int seconds, Path work) throws Exception {
        if (!List.of("plain", "noledger", "ours").contains(mode)) {
            throw new IllegalArgumentException("cost mode is plain, noledger or ours, was " + mode);
        }
        boolean ours = !mode.equals("plain");
        boolean ledgerFile = mode.equals("ours");
        Class<? extends Simulation> simulation = ours ? ShopperSimulation.class : PlainShopperSimulation.class;
        // The warm-up runs the measured run's code: with the ledger's file too, or the measured run
        // would pay, once per JVM, for loading and compiling the JSON writing that plain never has.
        try (OrderLedger warmLedger = ledgerFile ? OrderLedger.open(work.resolve("warmup-orders.jsonl")) : OrderLedger.inMemory()) {
            run(simulation, stub, rate, 15, work.resolve(mode + "-warmup"), false, new ClientRecorder(), warmLedger);
        }
        long served0 = count(stub);
        long jit0 = threadCpuNanos(JIT_THREADS);
        long gc0 = threadCpuNanos(GC_THREADS);
        long cpu0 = cpuNanos();
        ClientRecorder recorder = new ClientRecorder();
        Instant from = Instant.now();
        long cpuTraffic;
        if (ours) {
            // noledger: the context's default ledger, kept in memory.
            try (OrderLedger ledger = ledgerFile ? OrderLedger.open(work.resolve("orders.jsonl")) : OrderLedger.inMemory()) {
                run(simulation, stub, rate, seconds, work.resolve(mode), false, recorder, ledger);
            }
            cpuTraffic = cpuNanos() - cpu0;
            recorder.writeTo(work.resolve("client.json"), from, Instant.now());
        } else {
            run(simulation, stub, rate, seconds, work.resolve(mode), false, recorder, null);
            cpuTraffic = cpuNanos() - cpu0;
        }
        long cpu = cpuNanos() - cpu0;
        long jit = threadCpuNanos(JIT_THREADS) - jit0;
        long gc = threadCpuNanos(GC_THREADS) - gc0;
        long served = count(stub) - served0 - 1;
        double thousands = served / 1000.0;
        // noJit: the traffic's CPU without the JIT compiler threads' — compiling is paid once per
        // JVM, not per request, and in a minute-long run it is still a large, varying share.
        System.out.printf("cost mode=%s requests=%d cpuTraffic=%.2fs cpuAll=%.2fs jit=%.2fs gc=%.2fs perThousandTraffic=%.4f "
                        + "perThousandAll=%.4f perThousandNoJit=%.4f%n",
                mode, served, cpuTraffic / 1e9, cpu / 1e9, jit / 1e9, gc / 1e9, cpuTraffic / 1e9 / thousands,
                cpu / 1e9 / thousands, (cpuTraffic - jit) / 1e9 / thousands);
        if (ledgerFile) {
            System.out.println("ledger lines: " + Files.readAllLines(work.resolve("orders.jsonl")).size());
        }
    }

    private static void recorder(int requests, int threads, Path work) throws Exception {
        String[] names = {"categories", "products", "product", "search", "login", "cart add", "cart view", "checkout",
                "order status", "a", "b", "c", "d", "e"};
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        ClientRecorder recorder = null;
        double nanosPerRecord = 0;
        for (int pass = 0; pass < 2; pass++) {
            ClientRecorder r = new ClientRecorder();
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            AtomicLong cpu = new AtomicLong();
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = requests / threads;
                Thread worker = new Thread(() -> {
                    long c0 = mx.getCurrentThreadCpuTime();
                    SplittableRandom random = new SplittableRandom();
                    for (int i = 0; i < share; i++) {
                        // Sent in time order over 600 s, as a run's requests are.
                        r.record(names[random.nextInt(names.length)], t0.plusMillis(600_000L * i / share),
                                Duration.ofMillis(1 + random.nextInt(400)), random.nextInt(50) != 0);
                    }
                    cpu.addAndGet(mx.getCurrentThreadCpuTime() - c0);
                });
                worker.start();
                workers.add(worker);
            }
            for (Thread w : workers) {
                w.join();
            }
            recorder = r;
            nanosPerRecord = (double) cpu.get() / (requests / threads * threads);
        }
        long c0 = cpuNanos();
        recorder.writeTo(work.resolve("recorder-client.json"), t0, t0.plusSeconds(600));
        System.out.printf("recorder requests=%d threads=%d cpuPerRecord=%.0fns writeClientJson=%.2fs size=%dKB%n", requests, threads,
                nanosPerRecord, (cpuNanos() - c0) / 1e9, Files.size(work.resolve("recorder-client.json")) / 1024);
    }

    private static GatlingResult run(Class<? extends Simulation> simulation, URI stub, double rate, int seconds, Path dir,
                                     boolean reports, ClientRecorder recorder, OrderLedger ledger) {
        LoadProfile profile = LoadProfile.constant(rate, Duration.ofSeconds(seconds)).withGrace(Duration.ofSeconds(10));
        SimulationContext.Builder b = SimulationContext.builder(stub, profile).thinkTime(THINK).shoppers(50);
        if (recorder != null) {
            b.recorder(recorder);
        }
        if (ledger != null) {
            b.ledger(ledger);
        }
        GatlingResult result = GatlingRunner.builder().simulation(simulation).reports(reports).console(false)
                .runDescription("bench-injector").build().run(b.build(), dir);
        if (!result.ok()) {
            throw new IllegalStateException("gatling run failed: " + result);
        }
        return result;
    }

    /** Thread names (as /proc shows them, 15 characters at most) of the JIT compilers. */
    private static final List<String> JIT_THREADS = List.of("C1 CompilerThre", "C2 CompilerThre");
    /** Thread names of the garbage collector (G1, the default here). */
    private static final List<String> GC_THREADS = List.of("GC Thread", "G1 ");

    /**
     * CPU time of this JVM's threads whose names start with one of {@code prefixes}, from
     * /proc/self/task/N/stat (utime + stime, in clock ticks of 10 ms): the JIT compiler and GC
     * threads are the JVM's own, invisible to ThreadMXBean.
     */
    private static long threadCpuNanos(List<String> prefixes) throws Exception {
        long ticks = 0;
        try (var tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                if (prefixes.stream().anyMatch(name::startsWith)) {
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime (fields 14, 15)
                }
            }
        }
        return ticks * 10_000_000L;
    }

    private static long cpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static long count(URI stub) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(stub.resolve("/__count")).build(),
                HttpResponse.BodyHandlers.ofString());
        // Only the stub counts; a real target (bench/load-balancer's fixed-rate runs) answers 404: -1.
        return response.statusCode() == 200 ? Long.parseLong(response.body().replaceAll("[^0-9]", "")) : -1;
    }
}
