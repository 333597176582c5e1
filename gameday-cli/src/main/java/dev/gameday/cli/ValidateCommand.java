package dev.gameday.cli;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Placeholder;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.core.config.ConfigException;
import dev.gameday.core.config.ConfigNode;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.definition.GameDayParser;
import dev.gameday.orchestration.Preflight;
import dev.gameday.slo.spec.SloParser;
import dev.gameday.target.TargetFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code gameday validate [FILE…]}: checks game day, experiment template and SLO files without
 * running anything. Exit 0 when every file is valid, 2 with {@code file:line: field: reason} lines
 * when one is not. Without files it checks everything the project ships.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks game day, FIS template and SLO files without running anything (exit 0 valid, 2 not).")
final class ValidateCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE",
            description = "Files to check. Default: gamedays/, chaos-experiments/templates/, slo-checks/slos/.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path home = GamedayCommand.home();
        List<Path> toCheck = files.isEmpty() ? shipped(home) : files;
        Preflight preflight = new Preflight(Catalogues.templates(home), Catalogues.sloLibrary(home));
        int invalid = 0;
        for (Path file : toCheck) {
            try {
                String kind = check(file, preflight);
                System.out.println("valid    " + file + " (" + kind + ")");
            } catch (ConfigException | IllegalArgumentException e) {
                invalid++;
                System.out.println("INVALID  " + e.getMessage());
            }
        }
        System.out.println(toCheck.size() - invalid + " valid, " + invalid + " invalid");
        return invalid == 0 ? GamedayCommand.PASS : GamedayCommand.NOT_RUN;
    }

    /** Checks one file according to what it is; returns its kind. */
    private static String check(Path file, Preflight preflight) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") || isUnder(file, "templates")) {
            return checkTemplate(file);
        }
        ConfigNode root = ConfigNode.load(file);
        if (root.isMapping() && root.has("phases")) {
            GameDayDefinition def = GameDayParser.parse(file);
            if (TargetFiles.kindOf(def.target()).equals("local")) {
                // Its stop conditions must name alarms its local target defines (on AWS, FIS checks them).
                preflight.check(def, TargetFiles.local(def.target())::alarms);
            } else {
                preflight.check(def);
            }
            return "game day";
        }
        if (root.isMapping() && root.has("actions")) {
            return checkTemplate(file);
        }
        if (root.isMapping() && root.has("slos")) {
            Map<String, String> standIns = new java.util.LinkedHashMap<>();
            Preflight.TARGET_PARAMETERS.forEach(p -> standIns.put(p, "<" + p + ">"));
            SloParser.parseDocument(root, standIns);
            return "SLO set";
        }
        throw root.error("not a game day (no 'phases'), an experiment template (no 'actions') or an SLO file (no 'slos')");
    }

    /**
     * Checks a template on its own. Its {@code ${…}} placeholders are filled when a game day runs it
     * (by the target and the game day), so here they are listed rather than reported as problems.
     */
    private static String checkTemplate(Path file) {
        ExperimentTemplate template = TemplateParser.parse(file);
        List<Problem> problems = TemplateValidator.problems(template).stream()
                .filter(p -> !p.message().startsWith("unfilled placeholder"))
                .toList();
        if (!problems.isEmpty()) {
            throw new TemplateException(problems);
        }
        List<String> parameters = template.placeholders().stream().map(Placeholder::name).distinct().sorted().toList();
        return "experiment template" + (parameters.isEmpty() ? "" : "; parameters: " + String.join(", ", parameters));
    }

    private static boolean isUnder(Path file, String folder) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(folder);
    }

    private static List<Path> shipped(Path home) throws java.io.IOException {
        List<Path> out = new ArrayList<>();
        for (Path folder : List.of(home.resolve("gamedays"), home.resolve("chaos-experiments/templates"),
                home.resolve("slo-checks/slos"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> list = Files.list(folder)) {
                    list.filter(p -> p.toString().matches(".*\\.(ya?ml|json)$")).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }
}
