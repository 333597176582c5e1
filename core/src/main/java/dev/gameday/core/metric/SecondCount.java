package dev.gameday.core.metric;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A count of events in one second (journeys started, say), as a {@link SecondSeries} keeps it: it
 * refuses additions once archived, so a writer holding it looks the second up again.
 */
public final class SecondCount implements SecondSeries.Slot {

    private long count;
    private boolean archived;

    /** Adds {@code n}; {@code false} when this second was archived meanwhile (look it up again). */
    public synchronized boolean add(long n) {
        if (archived) {
            return false;
        }
        count += n;
        return true;
    }

    /** The count so far. */
    public synchronized long count() {
        return count;
    }

    @Override
    public synchronized void archiveTo(DataOutput out) throws IOException {
        archived = true;
        out.writeLong(count);
    }

    /** Reads back what {@link #archiveTo} wrote; a {@link SecondSeries.SlotReader}. */
    public static SecondCount read(long second, DataInput in) throws IOException {
        SecondCount count = new SecondCount();
        count.count = in.readLong();
        return count;
    }
}
