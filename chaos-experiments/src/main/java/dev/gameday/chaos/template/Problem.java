package dev.gameday.chaos.template;

import java.util.Objects;

/**
 * One thing wrong with an experiment template: the file it is in, where in the document
 * (a JSON path such as {@code $.actions.stopTask.targets.Tasks}) and what is wrong.
 *
 * @param file    the template's file (or classpath location) as the user knows it
 * @param path    JSON path of the offending node, {@code $} for the document itself
 * @param message what is wrong, naming the bad value
 */
public record Problem(String file, String path, String message) {

    public Problem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return file + ": " + path + ": " + message;
    }
}
