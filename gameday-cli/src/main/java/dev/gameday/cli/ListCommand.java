package dev.gameday.cli;

import dev.gameday.chaos.catalogue.CatalogueEntry;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.definition.GameDayDefinition;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code gameday list}: what the project ships — game days, FIS experiment templates and shared
 * SLO sets — each with what it is for.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the game days, experiment templates and SLO sets with their descriptions.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() throws IOException {
        GameDayCatalogue catalogue = new GameDayCatalogue(GamedayCommand.home().resolve("gamedays"));
        System.out.println("Game days (" + catalogue.folder() + "):");
        for (String name : catalogue.names()) {
            try {
                GameDayDefinition def = catalogue.load(name);
                System.out.printf("  %-22s %s%n", name, oneLine(def.description()));
            } catch (ConfigException e) {
                System.out.printf("  %-22s INVALID: %s%n", name, e.getMessage());
            }
        }
        TemplateCatalogue templates = Catalogues.templates(GamedayCommand.home());
        System.out.println("Experiment templates (FIS JSON):");
        for (CatalogueEntry entry : templates.entries()) {
            System.out.printf("  %-26s %s%n", entry.name(), oneLine(entry.description()));
        }
        Path sloLibrary = Catalogues.sloLibrary(GamedayCommand.home());
        System.out.println("SLO sets (" + sloLibrary + ", used as `slos: <name>`):");
        if (Files.isDirectory(sloLibrary)) {
            try (Stream<Path> files = Files.list(sloLibrary)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                    ConfigNode root = ConfigNode.load(file);
                    List<String> names = root.get("slos").list().stream().map(n -> n.text("name")).toList();
                    System.out.printf("  %-22s %s%n", file.getFileName().toString().replace(".yaml", ""),
                            String.join(", ", names));
                }
            }
        }
        return GamedayCommand.PASS;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 110 ? flat.substring(0, 107) + "..." : flat;
    }
}
