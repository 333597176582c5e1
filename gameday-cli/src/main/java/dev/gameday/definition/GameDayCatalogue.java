package dev.gameday.definition;

import dev.gameday.core.config.ConfigException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The game days shipped in {@code gamedays/}: finds one by name (or takes a path) and lists them.
 */
public final class GameDayCatalogue {

    private final Path folder;

    public GameDayCatalogue(Path folder) {
        this.folder = folder;
    }

    /** The folder game days are read from. */
    public Path folder() {
        return folder;
    }

    /**
     * The file of a game day: {@code NAME} is looked up as {@code gamedays/NAME.yaml}; anything that
     * looks like a path ({@code .yaml} or a separator) is taken as a file.
     */
    public Path fileOf(String nameOrPath) {
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/")) {
            return Path.of(nameOrPath);
        }
        Path file = folder.resolve(nameOrPath + ".yaml");
        if (!Files.exists(file)) {
            throw new ConfigException(file.toString(), 0, "", "no game day named '" + nameOrPath
                    + "'; known: " + String.join(", ", names()));
        }
        return file;
    }

    /** Loads and validates a game day by name or path. */
    public GameDayDefinition load(String nameOrPath) {
        return load(nameOrPath, Map.of());
    }

    /** Loads and validates a game day by name or path, with {@code --set} overrides applied. */
    public GameDayDefinition load(String nameOrPath, Map<String, String> overrides) {
        return GameDayParser.parse(fileOf(nameOrPath), overrides);
    }

    /** The names of the shipped game days, sorted. */
    public List<String> names() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - ".yaml".length()))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
