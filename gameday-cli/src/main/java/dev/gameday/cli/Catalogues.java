package dev.gameday.cli;

import dev.gameday.chaos.catalogue.TemplateCatalogue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the commands find the shipped files: the project's folders when present, else the classpath. */
final class Catalogues {

    private Catalogues() {
    }

    /** The FIS template catalogue: {@code chaos-experiments/templates/} in the project, else the packaged copy. */
    static TemplateCatalogue templates(Path home) {
        Path folder = home.resolve("chaos-experiments").resolve("templates");
        return Files.isDirectory(folder) ? TemplateCatalogue.directory(folder) : TemplateCatalogue.classpath();
    }

    /** The shared SLO sets a game day can name ({@code slos: shop}): {@code slo-checks/slos/}. */
    static Path sloLibrary(Path home) {
        return home.resolve("slo-checks").resolve("slos");
    }
}
