package dev.gameday.core.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.gameday.core.json.Json;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The run's event timeline: thread-safe, kept in memory for live queries and, when opened on a
 * file, appended to {@code events.jsonl} line by line (flushed per event, so a crashed run still
 * leaves its timeline).
 */
public final class EventLog implements AutoCloseable {

    private final Clock clock;
    private final BufferedWriter writer;
    private final List<Event> events = new ArrayList<>();
    private final List<Consumer<Event>> listeners = new CopyOnWriteArrayList<>();

    private EventLog(Clock clock, BufferedWriter writer) {
        this.clock = clock;
        this.writer = writer;
    }

    /** A log that appends to {@code file} (created with its parent folders). */
    public static EventLog open(Path file, Clock clock) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            BufferedWriter writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            return new EventLog(clock, writer);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open event log " + file, e);
        }
    }

    /** A log kept in memory only (for tests and for components used outside a run). */
    public static EventLog inMemory(Clock clock) {
        return new EventLog(clock, null);
    }

    /** Records an event stamped now. */
    public Event emit(String source, String type, Map<String, ?> attrs) {
        Map<String, Object> copy = new LinkedHashMap<>();
        attrs.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        Event event = new Event(clock.instant(), source, type, copy);
        append(event);
        return event;
    }

    /** Records an event stamped now, without attributes. */
    public Event emit(String source, String type) {
        return emit(source, type, Map.of());
    }

    /** Records an event as given. */
    public void append(Event event) {
        synchronized (this) {
            events.add(event);
            if (writer != null) {
                try {
                    writer.write(Json.mapper().writeValueAsString(event));
                    writer.newLine();
                    writer.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write event " + event.type(), e);
                }
            }
        }
        for (Consumer<Event> listener : listeners) {
            listener.accept(event);
        }
    }

    /** Calls {@code listener} for every event recorded from now on, on the recording thread. */
    public void subscribe(Consumer<Event> listener) {
        listeners.add(listener);
    }

    /** A snapshot of every event so far, in order. */
    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    /** A snapshot of the events that match. */
    public synchronized List<Event> events(Predicate<Event> filter) {
        return events.stream().filter(filter).toList();
    }

    /** The clock events are stamped with. */
    public Clock clock() {
        return clock;
    }

    /** Reads an {@code events.jsonl} file back. */
    public static List<Event> read(Path file) {
        try {
            List<Event> out = new ArrayList<>();
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    out.add(Json.mapper().readValue(line, Event.class));
                }
            }
            return out;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(file + ": not an event log: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
