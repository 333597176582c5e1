package dev.gameday.simulation.ledger;

import dev.gameday.core.order.LedgerEntry;
import dev.gameday.core.order.OrderLedgerFile;
import dev.gameday.core.order.OrderOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The client's record of every logical order it tried to place ({@code orders.jsonl}): one JSON
 * line per order, appended when the client stops trying, with every attempt made under the same
 * {@code Idempotency-Key}. The order audit compares it with what the shop stored. The format and
 * its reader are core's ({@link OrderLedgerFile}); this class only writes it.
 *
 * <p>Lines are flushed as they are written so that a run that dies still leaves the orders it
 * finished; {@link #close()} also writes the orders still pending, as indeterminate unless a 2xx
 * already arrived, because a run that ends mid-checkout cannot know whether the shop created them.
 */
public final class OrderLedger implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OrderLedger.class);

    private final Path file;
    private final Writer writer;
    private final Clock clock;
    private final Map<String, PendingOrder> pending = new ConcurrentHashMap<>();
    /** The completed orders of an in-memory ledger; a file ledger keeps them in its file only, so a long run's heap does not grow with its orders. */
    private final List<LedgerEntry> entries = new ArrayList<>();
    private final Map<OrderOutcome, Long> counts = new EnumMap<>(OrderOutcome.class);
    private boolean closed;

    private OrderLedger(Path file, Writer writer, Clock clock) {
        this.file = file;
        this.writer = writer;
        this.clock = clock;
    }

    /** A ledger appending to {@code file} (created with its folders if absent). */
    public static OrderLedger open(Path file) {
        return open(file, Clock.systemUTC());
    }

    /** A ledger appending to {@code file}, timing pending orders by {@code clock}. */
    public static OrderLedger open(Path file, Clock clock) {
        Objects.requireNonNull(file, "file");
        try {
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new OrderLedger(file, writer, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open order ledger " + file, e);
        }
    }

    /** A ledger kept in memory only (a simulation run without a run directory). */
    public static OrderLedger inMemory() {
        return new OrderLedger(null, null, Clock.systemUTC());
    }

    /** The file this ledger appends to, or {@code null} for an in-memory ledger. */
    public Path file() {
        return file;
    }

    /** Starts a logical order; its attempts are added to the returned {@link PendingOrder}. */
    public PendingOrder begin(String idempotencyKey, String shopper) {
        PendingOrder order = new PendingOrder(idempotencyKey, shopper, clock.instant());
        if (pending.putIfAbsent(idempotencyKey, order) != null) {
            throw new IllegalArgumentException("idempotency key " + idempotencyKey + " is already pending");
        }
        return order;
    }

    /** Ends a logical order: the client stopped trying; its line is appended now. */
    public LedgerEntry complete(PendingOrder order) {
        pending.remove(order.idempotencyKey());
        LedgerEntry entry = order.toEntry(clock.instant());
        append(entry);
        return entry;
    }

    /** The orders completed so far, in completion order (a file ledger reads its file back). */
    public synchronized List<LedgerEntry> entries() {
        return writer == null ? List.copyOf(entries) : OrderLedgerFile.read(file);
    }

    /** How many completed orders had each outcome (every outcome present, zero if none). */
    public synchronized Map<OrderOutcome, Long> counts() {
        Map<OrderOutcome, Long> all = new EnumMap<>(OrderOutcome.class);
        for (OrderOutcome o : OrderOutcome.values()) {
            all.put(o, counts.getOrDefault(o, 0L));
        }
        return all;
    }

    /** How many orders are still being attempted. */
    public int pendingCount() {
        return pending.size();
    }

    private synchronized void append(LedgerEntry entry) {
        if (closed) {
            throw new IllegalStateException("order ledger " + (file == null ? "(in memory)" : file)
                    + " is closed; order " + entry.idempotencyKey() + " ended too late");
        }
        counts.merge(entry.outcome(), 1L, Long::sum);
        if (writer == null) {
            entries.add(entry);
        } else {
            try {
                writer.write(OrderLedgerFile.line(entry));
                writer.write('\n');
                // Flushed per line: a crashed harness still leaves every order it finished.
                writer.flush();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot append to order ledger " + file, e);
            }
        }
    }

    /**
     * Writes the orders still pending (an attempt in flight becomes an unanswered one, so such an
     * order reads as indeterminate) and closes the file. Idempotent.
     */
    @Override
    public void close() {
        Instant now = clock.instant();
        for (PendingOrder order : List.copyOf(pending.values())) {
            order.abandonInFlight(now);
            pending.remove(order.idempotencyKey());
            if (order.attemptCount() == 0) {
                continue; // never sent: the shop cannot have it, nothing to audit
            }
            // Classified like any other: a 2xx already received still counts as acknowledged;
            // without one, the abandoned attempt makes the order indeterminate.
            LedgerEntry entry = order.toEntry(now);
            LOG.info("order {} still pending when the ledger closed: recorded as {}",
                    order.idempotencyKey(), entry.outcome().wireName());
            appendIfOpen(entry);
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (writer != null) {
                try {
                    writer.close();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot close order ledger " + file, e);
                }
            }
        }
    }

    private synchronized void appendIfOpen(LedgerEntry entry) {
        if (!closed) {
            append(entry);
        }
    }
}
