package dev.gameday.cli;

import dev.gameday.core.config.ConfigException;
import dev.gameday.definition.GameDayCatalogue;
import dev.gameday.definition.GameDayDefinition;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

/** {@code gameday list}: the game days shipped in {@code gamedays/}, each with what it proves. */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "Lists the game days with their descriptions.")
final class ListCommand implements Callable<Integer> {

    @Override
    public Integer call() {
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
        return GamedayCommand.PASS;
    }

    private static String oneLine(String text) {
        String flat = text.replaceAll("\\s+", " ").trim();
        return flat.length() > 110 ? flat.substring(0, 107) + "..." : flat;
    }
}
