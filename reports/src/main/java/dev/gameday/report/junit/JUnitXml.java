package dev.gameday.report.junit;

import dev.gameday.report.summary.Summary;
import dev.gameday.slo.evaluation.EvidenceSeries;
import dev.gameday.slo.evaluation.Verdict;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Writes {@code junit.xml} in the shape CI servers read (Surefire/Ant): one
 * {@code <testsuite name="gameday.<name>">}, one {@code <testcase classname="slo.<kind>">} per
 * SLO, a {@code <failure>} for {@code FAIL} and {@code NO_DATA} (the gate counts both as missed),
 * and an {@code <error>} test case for an aborted run. Deterministic: same summary, same bytes.
 */
public final class JUnitXml {

    private static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private JUnitXml() {
    }

    /** Writes {@code junit.xml}. */
    public static void write(Path file, Summary summary) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, render(summary), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The XML text. */
    public static String render(Summary summary) {
        boolean aborted = summary.verdict() == Summary.RunVerdict.ABORTED;
        long failures = summary.slos().stream().filter(s -> s.verdict() != Verdict.Status.PASS).count();
        int tests = summary.slos().size() + (aborted ? 1 : 0);
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        // The Ant schema wants a timestamp without a zone; ours are UTC.
        x.append("<testsuite name=\"").append(attr("gameday." + summary.gameday())).append('"')
                .append(" tests=\"").append(tests).append('"')
                .append(" failures=\"").append(failures).append('"')
                .append(" errors=\"").append(aborted ? 1 : 0).append('"')
                .append(" skipped=\"0\"")
                .append(" time=\"").append(seconds(Duration.between(summary.startedAt(), summary.endedAt()))).append('"')
                .append(" timestamp=\"").append(TIMESTAMP.format(LocalDateTime.ofInstant(summary.startedAt(), ZoneOffset.UTC)))
                .append("\">\n");
        x.append("  <properties>\n");
        property(x, "gameday", summary.gameday());
        property(x, "runId", summary.runId());
        property(x, "target", summary.target());
        property(x, "verdict", summary.verdict().name());
        x.append("  </properties>\n");
        if (aborted) {
            x.append("  <testcase classname=\"gameday\" name=\"run\" time=\"0\">\n")
                    .append("    <error message=\"").append(attr("Game day aborted: " + summary.abortReason()))
                    .append("\" type=\"ABORTED\">").append(text(summary.abortReason())).append("</error>\n")
                    .append("  </testcase>\n");
        }
        for (Summary.SloResult slo : summary.slos()) {
            Duration window = slo.evidence().windowStart() == null ? Duration.ZERO
                    : Duration.between(slo.evidence().windowStart(), slo.evidence().windowEnd());
            x.append("  <testcase classname=\"").append(attr("slo." + slo.kind())).append("\" name=\"")
                    .append(attr(slo.name())).append("\" time=\"").append(seconds(window)).append("\">\n");
            if (slo.verdict() != Verdict.Status.PASS) {
                x.append("    <failure message=\"").append(attr(slo.explanation())).append("\" type=\"")
                        .append(slo.verdict().name()).append("\">").append(text(details(slo))).append("</failure>\n");
            }
            x.append("    <system-out>").append(text(slo.explanation())).append("</system-out>\n");
            x.append("  </testcase>\n");
        }
        return x.append("</testsuite>\n").toString();
    }

    /** The failure's body: enough to judge the verdict without opening another file. */
    private static String details(Summary.SloResult slo) {
        StringBuilder b = new StringBuilder();
        b.append("objective: ").append(slo.objective()).append('\n');
        b.append("measured: ").append(slo.measuredText()).append('\n');
        if (slo.evidence().windowStart() != null) {
            b.append("window: ").append(slo.evidence().windowStart()).append(" – ").append(slo.evidence().windowEnd())
                    .append('\n');
        }
        if (slo.evidence().firstBreach() != null) {
            b.append("first breach: ").append(slo.evidence().firstBreach()).append('\n');
        }
        for (EvidenceSeries s : slo.evidence().series()) {
            b.append("series (").append(s.role()).append("): ").append(s.label()).append(", ")
                    .append(s.points().size()).append(" points\n");
        }
        return b.toString();
    }

    private static void property(StringBuilder x, String name, String value) {
        x.append("    <property name=\"").append(attr(name)).append("\" value=\"").append(attr(value)).append("\"/>\n");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.3f", d.toMillis() / 1000.0);
    }

    /** Escaped for an attribute value (line breaks kept as character references). */
    static String attr(String s) {
        return escape(s, true);
    }

    /** Escaped for element text. */
    static String text(String s) {
        return escape(s, false);
    }

    private static String escape(String s, boolean attribute) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length());
        s.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append(attribute ? "&quot;" : "\"");
                case '\n' -> b.append(attribute ? "&#10;" : "\n");
                case '\r' -> b.append(attribute ? "&#13;" : "\r");
                case '\t' -> b.append(attribute ? "&#9;" : "\t");
                default -> {
                    // XML 1.0 cannot carry other control characters, not even escaped.
                    boolean legal = c >= 0x20 && c <= 0xD7FF || c >= 0xE000 && c <= 0xFFFD || c >= 0x10000 && c <= 0x10FFFF;
                    b.appendCodePoint(legal ? c : '?');
                }
            }
        });
        return b.toString();
    }
}
