package dev.gameday.report.summary;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gameday.core.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes and reads {@code summary.json}. Output is byte-identical for equal summaries: fields in
 * schema order, map keys sorted (dimension maps have no order of their own), {@code \n} line ends
 * on every platform, a final newline.
 */
public final class SummaryJson {

    private SummaryJson() {
    }

    /**
     * The writer every JSON report file uses: the shared mapper's settings, pretty, deterministic.
     * A copy — the shared mapper itself is left as it is.
     */
    public static ObjectWriter writer() {
        DefaultPrettyPrinter pretty = new DefaultPrettyPrinter()
                .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                .withArrayIndenter(new DefaultIndenter("  ", "\n"));
        return Json.mapper().writer(pretty).with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /** The summary as JSON text, ending with a newline. */
    public static String toJson(Object value) {
        try {
            return writer().writeValueAsString(value) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code summary.json} (creating folders). */
    public static void write(Path file, Summary summary) {
        writeText(file, toJson(summary));
    }

    /** Reads a {@code summary.json} back, e.g. to rebuild the other reports. */
    public static Summary read(Path file) {
        try {
            Summary summary = Json.mapper().readValue(file.toFile(), Summary.class);
            if (summary.schemaVersion() != Summary.SCHEMA_VERSION) {
                throw new IllegalArgumentException(file + ": schemaVersion " + summary.schemaVersion()
                        + " is not supported (this build reads " + Summary.SCHEMA_VERSION + ")");
            }
            return summary;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /** Writes UTF-8 text, creating the parent folders. */
    static void writeText(Path file, String text) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
