package dev.gameday.core.metric;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.NavigableMap;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongFunction;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.InflaterInputStream;

/**
 * One value per second of one series (a metric, a request name), the recent seconds as objects and
 * every older whole minute archived as one deflated block of bytes.
 *
 * <p>Why: an hour-long game day records a few dozen series a second; as objects (the value, a
 * skip-list node, a boxed key, a histogram) each second costs a couple of hundred bytes that never
 * go away, so the harness's heap grew with the run. A minute's block holds the same content in a
 * few bytes per second: seconds of one series look alike, and deflating sixty of them together
 * (histograms in their plain encoding, not each compressed on its own) finds that.
 *
 * <p>A minute is archived once its last second is {@code archiveAfterSeconds} older than the
 * newest second recorded: samples are recorded as they happen, so by then it no longer changes.
 * One that still does (an injector's late batch) goes through {@link #reopen}: the minute's block
 * is read back into objects and archived again later.
 *
 * <p>Recording is lock-free for a second that exists; creating a second, archiving and reopening
 * happen under this series' lock, so a minute is always either recent or archived. A read takes
 * the lock only to copy what it needs (the recent seconds, references to the blocks) and decodes
 * outside it. Archiving runs on one background thread shared by every series, never on the thread
 * that records: a load balancer records on its event loops, and a minute's encoding there (tens of
 * milliseconds while the JIT has not compiled it) held every request behind it once a minute.
 *
 * @param <S> the value of one second
 */
public final class SecondSeries<S extends SecondSeries.Slot> {

    /**
     * One second's value. It must refuse samples once {@link #archiveTo archived} (its own
     * recording method reports it), so a writer that held it looks the second up again with
     * {@link #reopen}.
     */
    public interface Slot {

        /** Writes this second's content for the archive and refuses samples from now on. Called once. */
        void archiveTo(DataOutput out) throws IOException;
    }

    /** Reads back a second {@link Slot#archiveTo} wrote; the value read records samples again. */
    @FunctionalInterface
    public interface SlotReader<S> {

        /** The second's value, read from {@code in}. */
        S read(long second, DataInput in) throws IOException;
    }

    private static final int MINUTE = 60;
    /** Archives every series' due minutes, one at a time, away from the recording threads. */
    private static final ExecutorService ARCHIVER = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "second-series-archive");
        thread.setDaemon(true);
        return thread;
    });

    private final long archiveAfterSeconds;
    private final LongFunction<S> create;
    private final SlotReader<S> reader;
    private final ConcurrentSkipListMap<Long, S> recent = new ConcurrentSkipListMap<>();
    /** Minute start (epoch second) to the deflated block of that minute's seconds; under the lock. */
    private final TreeMap<Long, byte[]> archive = new TreeMap<>();
    private long newest = Long.MIN_VALUE;
    /** Whether this series' archiving is queued on {@link #ARCHIVER} and has not started yet; under the lock. */
    private boolean archiveQueued;

    /**
     * @param archiveAfterSeconds how much older than the newest second a minute's last second must be
     *                            before the minute is archived
     * @param create              a new, empty value for a second
     * @param reader              reads an archived second back
     */
    public SecondSeries(long archiveAfterSeconds, LongFunction<S> create, SlotReader<S> reader) {
        if (archiveAfterSeconds < 1) {
            throw new IllegalArgumentException("archiveAfterSeconds must be at least 1, was " + archiveAfterSeconds);
        }
        this.archiveAfterSeconds = archiveAfterSeconds;
        this.create = create;
        this.reader = reader;
    }

    /** The value of {@code second} to record into, created if absent. */
    public S slot(long second) {
        S slot = recent.get(second);
        return slot != null ? slot : reopen(second);
    }

    /**
     * The value of {@code second} to record into, after the one held refused a sample (it was
     * archived meanwhile): the second's minute is read back from the archive if it is there.
     */
    public synchronized S reopen(long second) {
        long minute = minuteOf(second);
        byte[] block = archive.remove(minute);
        if (block != null) {
            recent.putAll(decode(minute, block));
        }
        S slot = recent.get(second);
        if (slot == null) {
            slot = create.apply(second);
            recent.put(second, slot);
        }
        if (second > newest) {
            newest = second;
            if (!archiveQueued && oldestDue() != null) {
                archiveQueued = true;
                ARCHIVER.execute(this::archiveDue);
            }
        }
        return slot;
    }

    /** Archives every recent minute whose last second is {@code archiveAfterSeconds} older than the newest. */
    private synchronized void archiveDue() {
        archiveQueued = false;
        Long minute;
        while ((minute = oldestDue()) != null) {
            NavigableMap<Long, S> seconds = recent.subMap(minute, minute + MINUTE);
            archive.put(minute, encode(minute, seconds));
            seconds.clear();
        }
    }

    /** The oldest recent minute due for the archive, or {@code null}. Under the lock. */
    private Long oldestDue() {
        Map.Entry<Long, S> first = recent.firstEntry();
        if (first == null) {
            return null;
        }
        long minute = minuteOf(first.getKey());
        return minute + MINUTE <= newest - archiveAfterSeconds ? minute : null;
    }

    /**
     * The seconds in {@code [from, to)} (epoch seconds), in order: a copy, the recent ones as they
     * are, archived ones read back. Read them only.
     */
    public NavigableMap<Long, S> range(long from, long to) {
        TreeMap<Long, S> seconds = new TreeMap<>();
        if (from >= to) {
            return seconds;
        }
        Map<Long, byte[]> blocks;
        synchronized (this) {
            seconds.putAll(recent.subMap(from, to));
            blocks = new TreeMap<>(archive.subMap(minuteOf(from), true, to, false));
        }
        blocks.forEach((minute, block) -> seconds.putAll(decode(minute, block).subMap(from, to)));
        return seconds;
    }

    /** The first second held, if any. */
    public synchronized OptionalLong firstSecond() {
        OptionalLong recentFirst = recent.isEmpty() ? OptionalLong.empty() : OptionalLong.of(recent.firstKey());
        if (archive.isEmpty() || recentFirst.isPresent() && recentFirst.getAsLong() < archive.firstKey()) {
            return recentFirst;
        }
        return OptionalLong.of(decode(archive.firstKey(), archive.firstEntry().getValue()).firstKey());
    }

    /** The last second held, if any: always a recent one, as the newest second is never archived. */
    public OptionalLong lastSecond() {
        return recent.isEmpty() ? OptionalLong.empty() : OptionalLong.of(recent.lastKey());
    }

    /** How many minutes are archived (for tests and benchmarks). */
    public synchronized int archivedMinutes() {
        return archive.size();
    }

    /** The bytes the archived minutes take (for tests and benchmarks). */
    public synchronized long archivedBytes() {
        return archive.values().stream().mapToLong(block -> block.length).sum();
    }

    private byte[] encode(long minute, NavigableMap<Long, S> seconds) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Deflater deflater = new Deflater();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater))) {
            out.writeByte(seconds.size());
            for (Map.Entry<Long, S> second : seconds.entrySet()) {
                out.writeByte((int) (second.getKey() - minute));
                second.getValue().archiveTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot archive a minute of a series in memory", e);
        } finally {
            deflater.end();
        }
        return bytes.toByteArray();
    }

    private NavigableMap<Long, S> decode(long minute, byte[] block) {
        TreeMap<Long, S> seconds = new TreeMap<>();
        try (DataInputStream in = new DataInputStream(new InflaterInputStream(new ByteArrayInputStream(block)))) {
            int count = in.readUnsignedByte();
            for (int i = 0; i < count; i++) {
                long second = minute + in.readUnsignedByte();
                seconds.put(second, reader.read(second, in));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a minute this series archived does not read back", e);
        }
        return seconds;
    }

    private static long minuteOf(long second) {
        return Math.floorDiv(second, MINUTE) * MINUTE;
    }
}
