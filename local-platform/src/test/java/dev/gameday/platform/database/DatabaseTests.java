package dev.gameday.platform.database;

import dev.gameday.core.event.Event;
import dev.gameday.core.event.EventLog;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the database tests share: the one event of a type, and a signal sent the way an operator would. */
final class DatabaseTests {

    private DatabaseTests() {
    }

    /** The one event of {@code type}; fails when there is none or more than one. */
    static Event single(EventLog events, String type) {
        List<Event> found = events.events(e -> e.type().equals(type));
        assertThat(found).as(type + " events").hasSize(1);
        return found.get(0);
    }

    /** Sends {@code signal} (KILL, STOP, CONT …) to {@code pid} with {@code kill}, as a host failure or an operator would. */
    static void signal(long pid, String signal) throws Exception {
        assertThat(new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).start().waitFor()).isZero();
    }
}
