package dev.gameday.core.order;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.gameday.core.json.Json;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The order ledger's file format, {@code orders.jsonl}: one {@link LedgerEntry} per line. It is
 * part of the run-directory contract, so it lives here in core: the simulations write it, the
 * order audit and the reports read it.
 */
public final class OrderLedgerFile {

    /**
     * Bound to the entry type once: the ledger writes a line per order while shoppers run, and a
     * writer that already knows its root type skips the serializer look-up per line.
     */
    private static final ObjectWriter LINE_WRITER = Json.mapper().writerFor(LedgerEntry.class);

    private OrderLedgerFile() {
    }

    /**
     * Reads an {@code orders.jsonl} file; a missing file reads as no orders (a run that never
     * reached its traffic placed none).
     *
     * @throws IllegalArgumentException naming the file and line of a line that is not a ledger entry
     */
    public static List<LedgerEntry> read(Path file) {
        List<LedgerEntry> entries = new ArrayList<>();
        if (!Files.exists(file)) {
            return entries;
        }
        ObjectMapper mapper = Json.mapper();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    entries.add(mapper.readValue(line, LedgerEntry.class));
                } catch (IOException e) {
                    throw new IllegalArgumentException(file + ":" + number + ": not a ledger entry: " + e.getMessage(), e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read order ledger " + file, e);
        }
        return entries;
    }

    /** Serialises one entry as the single line {@link #read} reads back (without the line end). */
    public static String line(LedgerEntry entry) {
        try {
            return LINE_WRITER.writeValueAsString(entry);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serialise ledger entry " + entry.idempotencyKey(), e);
        }
    }
}
