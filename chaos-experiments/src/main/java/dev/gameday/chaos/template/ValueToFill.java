package dev.gameday.chaos.template;

/**
 * A value still to fill in a template, and where it is: a {@code ${name}} placeholder the game day
 * or target fills, or a value written for people such as {@code <YOUR AWS ACCOUNT>}.
 *
 * @param written the placeholder as written, e.g. {@code ${zone}} or {@code <YOUR AWS ACCOUNT>}
 * @param path    JSON path of the string that holds it
 */
public record ValueToFill(String written, String path) {
}
