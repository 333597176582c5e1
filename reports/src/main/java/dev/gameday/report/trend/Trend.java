package dev.gameday.report.trend;

import dev.gameday.core.run.RunDirectory;
import dev.gameday.report.recovery.Milestone;
import dev.gameday.report.recovery.RecoveryAnatomy;
import dev.gameday.report.recovery.RecoveryCalculator;
import dev.gameday.report.summary.Summary;
import dev.gameday.report.summary.SummaryJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The history of the runs in one folder (a {@code --out} folder of scheduled game days): per game
 * day, each SLO's measured value and each recovery milestone per run, verdicts marked, and whether
 * the game day is <b>flaky</b> — its verdict flipped between PASS and FAIL among its most recent
 * runs. Written as {@code trend.md} and {@code trend.png} into that folder.
 */
public final class Trend {

    /** How many recent runs of a game day the flake rule looks at, by default. */
    public static final int RECENT = 5;

    private final Map<String, List<Summary>> byGameday;
    private final int recent;

    private Trend(Map<String, List<Summary>> byGameday, int recent) {
        this.byGameday = byGameday;
        this.recent = recent;
    }

    /**
     * Reads every run directory directly in {@code folder} (a folder with a {@code summary.json}), in
     * name order — run ids start with their UTC time. Summaries without {@code recovery} get it
     * computed from their run directory.
     *
     * @throws IllegalArgumentException when the folder holds no run
     */
    public static Trend read(Path folder, int recent) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException(folder + ": no such folder");
        }
        List<Path> runs;
        try (Stream<Path> children = Files.list(folder)) {
            runs = children.filter(p -> Files.isRegularFile(p.resolve("summary.json"))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        if (runs.isEmpty()) {
            throw new IllegalArgumentException(folder + ": no run directory (a folder with summary.json) in it");
        }
        List<Summary> summaries = new ArrayList<>();
        for (Path run : runs) {
            summaries.add(withRecovery(RunDirectory.open(run)));
        }
        return of(summaries, recent);
    }

    /** The trend of these summaries, oldest first. */
    public static Trend of(List<Summary> summaries, int recent) {
        Map<String, List<Summary>> byGameday = new TreeMap<>();
        summaries.forEach(s -> byGameday.computeIfAbsent(s.gameday(), k -> new ArrayList<>()).add(s));
        return new Trend(byGameday, recent);
    }

    /** A run's summary with its recovery anatomy (computed when the summary predates it). */
    public static Summary withRecovery(RunDirectory run) {
        Summary summary = SummaryJson.read(run.summaryJson());
        return summary.recovery().isEmpty() ? summary.withRecovery(RecoveryCalculator.of(run)) : summary;
    }

    /** The runs of each game day, oldest first. */
    public Map<String, List<Summary>> runs() {
        return byGameday;
    }

    /** The game days whose verdict flipped between PASS and FAIL among their last {@code recent} runs. */
    public Set<String> flaky() {
        Set<String> out = new LinkedHashSet<>();
        byGameday.forEach((gameday, runs) -> {
            List<Summary> last = runs.subList(Math.max(0, runs.size() - recent), runs.size());
            boolean passed = last.stream().anyMatch(s -> s.verdict() == Summary.RunVerdict.PASS);
            boolean failed = last.stream().anyMatch(s -> s.verdict() == Summary.RunVerdict.FAIL);
            if (passed && failed) {
                out.add(gameday);
            }
        });
        return out;
    }

    /**
     * The plotted values of one game day: per SLO ({@code slo <name>}) its measured value, per
     * milestone ({@code <action> <milestone>}) its offset in seconds; {@code NaN} where a run has none.
     */
    public Map<String, double[]> values(String gameday) {
        List<Summary> runs = byGameday.get(gameday);
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < runs.size(); i++) {
            for (Summary.SloResult slo : runs.get(i).slos()) {
                value(out, "slo " + slo.name(), runs.size())[i] = slo.measured() == null ? Double.NaN : slo.measured();
            }
        }
        for (int i = 0; i < runs.size(); i++) {
            for (RecoveryAnatomy a : runs.get(i).recovery()) {
                for (Milestone m : a.milestones()) {
                    if (!m.milestone().equals("injected")) {
                        value(out, a.fault().action() + " " + m.milestone(), runs.size())[i] = m.offsetSeconds();
                    }
                }
            }
        }
        return out;
    }

    private static double[] value(Map<String, double[]> out, String key, int n) {
        return out.computeIfAbsent(key, k -> {
            double[] v = new double[n];
            java.util.Arrays.fill(v, Double.NaN);
            return v;
        });
    }

    /** {@code trend.md}: per game day a table of runs × SLOs and milestones, flaky ones flagged. */
    public String markdown() {
        StringBuilder md = new StringBuilder("# Game day trend\n\n");
        Set<String> flaky = flaky();
        md.append(flaky.isEmpty() ? "No game day flipped between PASS and FAIL"
                : "⚠️ **Flaky** (PASS and FAIL among the last " + recent + " runs): " + String.join(", ", flaky))
                .append(flaky.isEmpty() ? " among its last " + recent + " runs.\n" : ".\n");
        md.append("\n![Trend: each SLO's measured value and each recovery milestone per run](trend.png)\n");
        byGameday.forEach((gameday, runs) -> {
            md.append("\n## ").append(gameday).append(flaky.contains(gameday) ? " — ⚠️ flaky" : "").append("\n\n");
            List<String> sloNames = new ArrayList<>(new LinkedHashSet<>(runs.stream()
                    .flatMap(s -> s.slos().stream().map(Summary.SloResult::name)).toList()));
            md.append("| run | verdict |");
            sloNames.forEach(n -> md.append(' ').append(n).append(" |"));
            md.append("\n|---|---|").append("---|".repeat(sloNames.size())).append('\n');
            for (Summary s : runs) {
                md.append("| ").append(s.runId()).append(" | ").append(icon(s.verdict())).append(' ').append(s.verdict())
                        .append(" |");
                for (String name : sloNames) {
                    md.append(' ').append(s.slos().stream().filter(r -> r.name().equals(name)).findFirst()
                            .map(r -> (r.verdict().isMet() ? "✅ " : "❌ ") + r.measuredText().replace("|", "\\|"))
                            .orElse("—")).append(" |");
                }
                md.append('\n');
            }
            Map<String, double[]> values = values(gameday);
            List<String> milestones = values.keySet().stream().filter(k -> !k.startsWith("slo ")).toList();
            if (!milestones.isEmpty()) {
                md.append("\nRecovery milestones, seconds after injection:\n\n| run |");
                milestones.forEach(m -> md.append(' ').append(m).append(" |"));
                md.append("\n|---|").append("---|".repeat(milestones.size())).append('\n');
                for (int i = 0; i < runs.size(); i++) {
                    md.append("| ").append(runs.get(i).runId()).append(" |");
                    for (String m : milestones) {
                        double v = values.get(m)[i];
                        md.append(' ').append(Double.isNaN(v) ? "not reached" : String.format(Locale.ROOT, "%.3f", v))
                                .append(" |");
                    }
                    md.append('\n');
                }
            }
        });
        return md.toString();
    }

    /** Writes {@code trend.md} and {@code trend.png} into {@code folder}. */
    public List<Path> write(Path folder) {
        try {
            Path md = folder.resolve("trend.md");
            Files.writeString(md, markdown(), StandardCharsets.UTF_8);
            Path png = folder.resolve("trend.png");
            Files.write(png, TrendChart.png(this));
            return List.of(md, png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the trend into " + folder, e);
        }
    }

    private static String icon(Summary.RunVerdict verdict) {
        return switch (verdict) {
            case PASS -> "✅";
            case FAIL -> "❌";
            case ABORTED -> "⛔";
        };
    }
}
