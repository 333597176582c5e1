package dev.gameday.report.recovery;

import dev.gameday.core.event.Event;

/**
 * An event with its 1-based line in {@code events.jsonl}, so a milestone can point at it.
 *
 * @param line  the line number
 * @param event the event
 */
record IndexedEvent(int line, Event event) {
}
