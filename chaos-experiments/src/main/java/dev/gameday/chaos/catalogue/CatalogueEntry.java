package dev.gameday.chaos.catalogue;

/**
 * One template of the catalogue, as listed by {@code gameday experiments}.
 *
 * @param name        what a game day names it by, e.g. {@code az-power-interruption}
 * @param description the template's {@code description}
 * @param proves      what a passing run demonstrates ({@code x-gameday.proves}); may be {@code null}
 * @param location    where the file is, for messages
 */
public record CatalogueEntry(String name, String description, String proves, String location) {
}
