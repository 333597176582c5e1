package dev.gameday.core.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration file that cannot be used, with where and why: the file, the line, the path of
 * the field (e.g. {@code slos[1].objective}) and the reason. Its message reads
 * {@code gamedays/smoke.yaml:12: slos[1].objective: must be a percentage such as 99.5%}.
 * {@link #all(List)} gathers every problem of one file into one exception, a line each, so that a
 * user fixes the file in one pass.
 */
public final class ConfigException extends RuntimeException {

    private final String file;
    private final int line;
    private final String path;
    private final String reason;
    private final List<ConfigException> problems;

    public ConfigException(String file, int line, String path, String reason) {
        super(format(file, line, path, reason));
        this.file = file;
        this.line = line;
        this.path = path;
        this.reason = reason;
        this.problems = List.of(this);
    }

    private ConfigException(List<ConfigException> problems) {
        super(format(problems.get(0).file(), 0, "", summary(problems)));
        this.file = problems.get(0).file();
        this.line = 0;
        this.path = "";
        this.reason = summary(problems);
        this.problems = List.copyOf(problems);
    }

    /**
     * One exception for every problem found in a file: the problem itself when there is one,
     * else one whose message lists them all ({@code smoke.yaml: 2 problems:} then a line each).
     */
    public static ConfigException all(List<ConfigException> problems) {
        List<ConfigException> each = problems.stream().flatMap(p -> p.problems().stream()).toList();
        if (each.isEmpty()) {
            throw new IllegalArgumentException("no problems to report");
        }
        return each.size() == 1 ? each.get(0) : new ConfigException(each);
    }

    private static String summary(List<ConfigException> problems) {
        return problems.size() + " problems:" + problems.stream().map(p -> "\n  " + p.getMessage())
                .collect(Collectors.joining());
    }

    private static String format(String file, int line, String path, String reason) {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line);
        }
        b.append(": ");
        if (path != null && !path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(reason).toString();
    }

    /** The file, as the user named it. */
    public String file() {
        return file;
    }

    /** The 1-based line, or 0 when unknown. */
    public int line() {
        return line;
    }

    /** The path of the field, e.g. {@code phases.steady}; empty for the whole file. */
    public String path() {
        return path;
    }

    /** The reason alone, without the location. */
    public String reason() {
        return reason;
    }

    /** Each problem on its own, in the order found: this one alone unless it was made by {@link #all(List)}. */
    public List<ConfigException> problems() {
        return problems;
    }
}
