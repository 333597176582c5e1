package dev.gameday.chaos.template;

/**
 * A {@code ${name}} placeholder still present in a template, and where it is.
 *
 * @param name the parameter name, e.g. {@code zone}
 * @param path JSON path of the string that holds it
 */
public record Placeholder(String name, String path) {
}
