package dev.gameday.chaos.catalogue;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.JsonPaths;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The experiment templates a game day can name: the catalogue shipped with this module
 * (classpath {@code templates/}) or a directory of the user's own. Files are {@code *.json},
 * {@code *.yaml} or {@code *.yml}; a template's name is its file name without extension.
 *
 * <pre>{@code
 * ExperimentTemplate t = TemplateCatalogue.classpath().load("az-power-interruption");
 * }</pre>
 */
public final class TemplateCatalogue {

    /** The classpath folder the built-in catalogue ships in. */
    public static final String CLASSPATH_FOLDER = "templates";

    private static final List<String> EXTENSIONS = List.of(".json", ".yaml", ".yml");

    /** name → template text, read once: the catalogue is a handful of small files. */
    private final Map<String, Source> sources;

    private record Source(String location, String content) {
    }

    private TemplateCatalogue(Map<String, Source> sources) {
        this.sources = sources;
    }

    /** The catalogue shipped in this module's jar (or classes folder) under {@code templates/}. */
    public static TemplateCatalogue classpath() {
        // Look inside our own artifact rather than asking the class loader for "templates/":
        // another jar on the classpath may have a folder of that name too.
        URI codeSource;
        try {
            codeSource = TemplateCatalogue.class.getProtectionDomain().getCodeSource().getLocation().toURI();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the chaos-experiments artifact", e);
        }
        Path location = Path.of(codeSource);
        if (Files.isDirectory(location)) {
            return read(location.resolve(CLASSPATH_FOLDER), "classpath:" + CLASSPATH_FOLDER + "/");
        }
        try (FileSystem jar = FileSystems.newFileSystem(location)) {
            return read(jar.getPath(CLASSPATH_FOLDER), "classpath:" + CLASSPATH_FOLDER + "/");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + location, e);
        }
    }

    /** The templates in {@code directory} (not its subfolders). */
    public static TemplateCatalogue directory(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("template directory " + directory + " does not exist");
        }
        return read(directory, null);
    }

    private static TemplateCatalogue read(Path folder, String locationPrefix) {
        Map<String, Source> sources = new TreeMap<>();
        if (!Files.isDirectory(folder)) {
            return new TemplateCatalogue(sources);
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.sorted().toList()) {
                String fileName = file.getFileName().toString();
                if (!Files.isRegularFile(file) || EXTENSIONS.stream().noneMatch(fileName::endsWith)) {
                    continue;
                }
                String name = TemplateParser.nameOf(fileName);
                String location = locationPrefix != null ? locationPrefix + fileName : file.toString();
                Source previous = sources.put(name, new Source(location, Files.readString(file, StandardCharsets.UTF_8)));
                if (previous != null) {
                    throw new TemplateException(new Problem(location, JsonPaths.ROOT,
                            "two templates named '" + name + "': " + previous.location() + " and " + location));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read templates in " + folder, e);
        }
        return new TemplateCatalogue(sources);
    }

    /** The names of the templates, sorted. */
    public List<String> names() {
        return List.copyOf(sources.keySet());
    }

    /** Whether a template of that name exists. */
    public boolean contains(String name) {
        return sources.containsKey(name);
    }

    /**
     * Every template with its description, sorted by name.
     *
     * @throws TemplateException if a template cannot be read
     */
    public List<CatalogueEntry> entries() {
        List<CatalogueEntry> entries = new ArrayList<>();
        for (String name : sources.keySet()) {
            ExperimentTemplate template = load(name);
            entries.add(new CatalogueEntry(name, template.description(), template.gameday().proves(), template.source()));
        }
        return entries;
    }

    /**
     * Reads the template {@code name}: parsed, neither filled nor validated.
     *
     * @throws IllegalArgumentException naming the known templates if there is none of that name
     * @throws TemplateException        if it cannot be read
     */
    public ExperimentTemplate load(String name) {
        Objects.requireNonNull(name, "name");
        Source source = sources.get(name);
        if (source == null) {
            throw new IllegalArgumentException("no experiment template named '" + name + "'; known: "
                    + String.join(", ", sources.keySet()));
        }
        return TemplateParser.parse(name, source.location(), source.content(), TemplateParser.Format.of(source.location()));
    }

}
