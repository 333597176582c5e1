package dev.gameday.simulation.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Gatling's own request counts, read from the "All Requests" row of its HTML report: since
 * 3.13.5 Gatling writes no stats.json, and simulation.log is binary.
 *
 * @param total requests Gatling counted
 * @param ok    of which OK
 * @param ko    of which KO
 */
record GatlingReport(long total, long ok, long ko) {

    static GatlingReport read(Path indexHtml) {
        try {
            String html = Files.readString(indexHtml);
            return new GatlingReport(first(html, "total col-2"), first(html, "ok col-3"), first(html, "ko col-4"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long first(String html, String cssClass) {
        Matcher m = Pattern.compile("<td class=\"value " + cssClass + "\">([\\d-]+)</td>").matcher(html);
        if (!m.find()) {
            throw new IllegalArgumentException("no '" + cssClass + "' cell in the report");
        }
        return m.group(1).equals("-") ? 0 : Long.parseLong(m.group(1));
    }
}
