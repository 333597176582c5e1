package dev.gameday.chaos.template;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many of a target's matching resources an experiment acts on, as FIS spells it:
 * {@code ALL}, {@code COUNT(n)} or {@code PERCENT(n)}.
 *
 * @param kind which of the three
 * @param n    the count or percentage; 0 for {@link Kind#ALL}
 */
public record SelectionMode(Kind kind, int n) {

    /** The three selection modes FIS knows. */
    public enum Kind { ALL, COUNT, PERCENT }

    /** FIS's default when a target gives no {@code selectionMode}. */
    public static final SelectionMode ALL = new SelectionMode(Kind.ALL, 0);

    private static final Pattern FORM = Pattern.compile("(COUNT|PERCENT)\\((\\d{1,9})\\)");

    public SelectionMode {
        switch (kind) {
            case ALL -> {
                if (n != 0) throw new IllegalArgumentException("ALL takes no number, got " + n);
            }
            case COUNT -> {
                if (n < 1) throw new IllegalArgumentException("COUNT(n) needs n >= 1, got " + n);
            }
            case PERCENT -> {
                if (n < 1 || n > 100) throw new IllegalArgumentException("PERCENT(n) needs 1 <= n <= 100, got " + n);
            }
        }
    }

    /**
     * Parses FIS's spelling; {@code null} means FIS's default, {@code ALL}.
     *
     * @throws IllegalArgumentException naming the bad value
     */
    public static SelectionMode parse(String text) {
        if (text == null || text.equals("ALL")) {
            return ALL;
        }
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "selection mode '" + text + "' is not ALL, COUNT(n) or PERCENT(n)");
        }
        int n = Integer.parseInt(m.group(2));
        Kind kind = Kind.valueOf(m.group(1));
        if (kind == Kind.COUNT && n < 1) {
            throw new IllegalArgumentException("selection mode '" + text + "' must select at least 1 resource");
        }
        if (kind == Kind.PERCENT && (n < 1 || n > 100)) {
            throw new IllegalArgumentException("selection mode '" + text + "' needs a percentage from 1 to 100");
        }
        return new SelectionMode(kind, n);
    }

    @Override
    public String toString() {
        return kind == Kind.ALL ? "ALL" : kind + "(" + n + ")";
    }
}
