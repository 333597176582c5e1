package dev.gameday.cli;

import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Placeholder;
import dev.gameday.chaos.template.TemplateException;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.FisVerdict;
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

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * {@code gameday validate [FILE|DIR…]}: checks game day, experiment template and SLO files without
 * running anything, one line per file and a total. A folder is checked file by file (its YAML and
 * JSON files, sub-folders included), the way a team checks its template library in CI. Exit 0 when
 * every file is valid, AWS-only templates included (a line names each action only AWS plays); 2 with
 * {@code file: $.path: reason} (or {@code file:line: field: reason}) lines when one is not. Values
 * written for people ({@code <YOUR AWS ACCOUNT>}) are listed as to fill, not refused: a run needs them
 * filled. Without arguments it checks everything the project ships.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Checks game day, FIS template and SLO files, or folders of them, without running anything"
                + " (exit 0 valid, 2 not).")
final class ValidateCommand implements Callable<Integer> {

    /** Indent of the lines under a file's line (AWS-only actions, values to fill). */
    private static final String DETAIL = "         ";

    @Parameters(arity = "0..*", paramLabel = "FILE|DIR",
            description = "Files or folders to check. Default: gamedays/, chaos-experiments/templates/, slo-checks/slos/.")
    List<Path> files = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path home = GamedayCommand.home();
        List<Path> toCheck = files.isEmpty() ? shipped(home) : expand(files);
        Preflight preflight = new Preflight(Catalogues.templates(home), Catalogues.sloLibrary(home));
        int invalid = 0;
        int awsOnly = 0;
        for (Path file : toCheck) {
            try {
                Checked checked = check(file, preflight);
                System.out.println("valid    " + file + " (" + checked.kind() + ")");
                checked.details().forEach(line -> System.out.println(DETAIL + line));
                awsOnly += checked.awsOnly() ? 1 : 0;
            } catch (ConfigException | IllegalArgumentException e) {
                invalid++;
                System.out.println("INVALID  " + e.getMessage());
            }
        }
        System.out.println(toCheck.size() - invalid + " valid (" + awsOnly + " on AWS only), " + invalid + " invalid");
        return invalid == 0 ? GamedayCommand.PASS : GamedayCommand.NOT_RUN;
    }

    /** What a valid file is, the lines to print under it, and whether it plays on AWS only. */
    private record Checked(String kind, List<String> details, boolean awsOnly) {
        static Checked of(String kind) {
            return new Checked(kind, List.of(), false);
        }
    }

    /** Checks one file according to what it is. */
    private static Checked check(Path file, Preflight preflight) {
        String name = file.getFileName().toString();
        if (name.endsWith(".json") || isUnder(file, "templates")) {
            return checkTemplate(file);
        }
        ConfigNode root = ConfigNode.load(file);
        if (root.isMapping() && root.has("phases")) {
            GameDayDefinition def = GameDayParser.parse(file);
            if (TargetFiles.kindOf(def.target()).equals("local")) {
                // Its stop conditions must name alarms its local target defines (on AWS, FIS checks them),
                // and its experiment must play locally.
                preflight.check(def, TargetFiles.local(def.target())::alarms);
            } else {
                Preflight.requirePlayableOnAws(preflight.check(def));
            }
            return Checked.of("game day");
        }
        if (root.isMapping() && root.has("actions")) {
            return checkTemplate(file);
        }
        if (root.isMapping() && root.has("slos")) {
            SloParser.parseSpecs(root.get("slos")).requirePlaceholders(Preflight.TARGET_PARAMETERS);
            return Checked.of("SLO set");
        }
        throw root.error("not a game day (no 'phases'), an experiment template (no 'actions') or an SLO file (no 'slos')");
    }

    /**
     * Checks a template on its own. Its {@code ${…}} placeholders are filled when a game day runs it
     * (by the target and the game day), so here they are listed as its parameters; values written for
     * people ({@code <YOUR AWS ACCOUNT>}) are listed as to fill. Neither is a problem here.
     */
    private static Checked checkTemplate(Path file) {
        ExperimentTemplate template = TemplateParser.parse(file);
        FisVerdict verdict = TemplateValidator.verdict(template);
        if (verdict.kind() == FisVerdict.Kind.INVALID) {
            throw new TemplateException(verdict.problems());
        }
        List<String> details = new ArrayList<>();
        verdict.awsOnly().forEach(a -> details.add(a.line()));
        verdict.localOnly().forEach(a -> details.add("plays locally only: " + a.actionId() + " (action '" + a.name()
                + "'): " + a.reason()));
        verdict.toFill().stream().filter(v -> !v.written().startsWith("$"))
                .forEach(v -> details.add("to fill: " + v.path() + ": " + v.written() + " (plan and run need it filled)"));
        List<String> parameters = template.placeholders().stream().map(Placeholder::name).distinct().sorted().toList();
        boolean awsOnly = verdict.kind() == FisVerdict.Kind.VALID_AWS_ONLY;
        boolean localOnly = verdict.kind() == FisVerdict.Kind.VALID_LOCAL_ONLY;
        return new Checked("experiment template" + (awsOnly ? ", plays on AWS only" : "")
                + (localOnly ? ", plays locally only" : "")
                + (parameters.isEmpty() ? "" : "; parameters: " + String.join(", ", parameters)), details, awsOnly);
    }

    private static boolean isUnder(Path file, String folder) {
        Path parent = file.toAbsolutePath().getParent();
        return parent != null && parent.getFileName() != null && parent.getFileName().toString().equals(folder);
    }

    /** The arguments with every folder replaced by the files it holds. */
    private static List<Path> expand(List<Path> arguments) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path argument : arguments) {
            if (Files.isDirectory(argument)) {
                try (Stream<Path> walk = Files.walk(argument)) {
                    walk.filter(ValidateCommand::checkable).sorted().forEach(out::add);
                }
            } else {
                out.add(argument);
            }
        }
        return out;
    }

    private static boolean checkable(Path file) {
        return Files.isRegularFile(file) && file.getFileName().toString().matches("[^.].*\\.(ya?ml|json)$");
    }

    private static List<Path> shipped(Path home) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path folder : List.of(home.resolve("gamedays"), home.resolve("chaos-experiments/templates"),
                home.resolve("slo-checks/slos"))) {
            if (Files.isDirectory(folder)) {
                try (Stream<Path> list = Files.list(folder)) {
                    list.filter(ValidateCommand::checkable).sorted().forEach(out::add);
                }
            }
        }
        return out;
    }
}
