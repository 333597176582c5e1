package dev.gameday.core.config;

/**
 * A configuration file that cannot be used, with where and why: the file, the line, the path of
 * the field (e.g. {@code slos[1].objective}) and the reason. Its message reads
 * {@code gamedays/smoke.yaml:12: slos[1].objective: must be a percentage such as 99.5%}.
 */
public final class ConfigException extends RuntimeException {

    private final String file;
    private final int line;
    private final String path;
    private final String reason;

    public ConfigException(String file, int line, String path, String reason) {
        super(format(file, line, path, reason));
        this.file = file;
        this.line = line;
        this.path = path;
        this.reason = reason;
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
}
