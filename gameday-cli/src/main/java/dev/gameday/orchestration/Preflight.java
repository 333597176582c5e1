package dev.gameday.orchestration;

import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.core.config.Placeholders;
import dev.gameday.definition.ExperimentSpec;
import dev.gameday.definition.GameDayDefinition;
import dev.gameday.definition.GuardrailSpec;
import dev.gameday.definition.WaitSpec;
import dev.gameday.platform.fault.StopConditionWatch;
import dev.gameday.slo.spec.Slo;
import dev.gameday.slo.spec.SloSpecs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Everything checked before a game day starts anything: the definition, its experiment template
 * (found, valid, every placeholder fillable) and its SLOs. The SLOs, guardrails and live waits were
 * parsed with the definition; here every placeholder they kept must name one of the target's
 * parameters ({@link #TARGET_PARAMETERS}), and {@link Checked#resolve} fills them with the target's
 * values once it is open. The template's target-specific values are stood in by their names.
 */
public final class Preflight {

    /**
     * The placeholder names a game day can use without setting them: what every target provides
     * (see {@code Target#parameters()}) plus {@code zone}, the target's first zone unless the game
     * day names one.
     */
    public static final List<String> TARGET_PARAMETERS = List.of(
            "loadBalancer", "targetGroup", "cluster", "service", "dbCluster", "dbInstance", "region", "account",
            "zones", "zone", "queue", "roleArn");

    private final TemplateCatalogue templates;
    private final Path sloLibrary;

    /**
     * @param templates  the FIS template catalogue experiments are found in
     * @param sloLibrary the folder of shared SLO files a game day may name ({@code slos: shop})
     */
    public Preflight(TemplateCatalogue templates, Path sloLibrary) {
        this.templates = templates;
        this.sloLibrary = sloLibrary;
    }

    /**
     * A definition that passed every check, with its experiment template loaded.
     *
     * @param slos the game day's SLOs (inline, or the named shared set), placeholders kept
     */
    public record Checked(GameDayDefinition definition, Optional<ExperimentTemplate> template, SloSpecs slos) {

        /**
         * The one step that fills the game day's SLOs, guardrails and live waits with the target's
         * values, once it is open.
         */
        public Resolved resolve(Map<String, String> targetParameters) {
            return new Resolved(slos.resolve(targetParameters),
                    definition.guardrails().stream().map(g -> g.resolve(targetParameters)).toList(),
                    definition.awaits().stream().map(w -> w.resolve(targetParameters)).toList());
        }
    }

    /**
     * A game day's specs with the target's values filled in.
     *
     * @param slos       the SLOs, in the game day's order
     * @param guardrails the live safety limits
     * @param awaits     the live waits
     */
    public record Resolved(List<Slo> slos, List<GuardrailSpec> guardrails, List<WaitSpec> awaits) {

        public Resolved {
            slos = List.copyOf(slos);
            guardrails = List.copyOf(guardrails);
            awaits = List.copyOf(awaits);
        }
    }

    /**
     * Checks a definition for the local target, whose alarms the harness evaluates itself: as
     * {@link #check(GameDayDefinition)}, and every alarm the experiment's stop conditions name must be
     * one of {@code localAlarms}.
     */
    public Checked check(GameDayDefinition definition, StopConditionWatch.Alarms localAlarms) {
        Checked checked = check(definition);
        requirePlayableLocally(checked);
        checked.template().ifPresent(t -> StopConditionWatch.requireKnown(t, localAlarms.filled(standIns())));
        return checked;
    }

    /**
     * Refuses, for the local target and before anything starts, an experiment FIS accepts but the
     * local platform has no effect for, naming each such action and its local alternative (or none).
     *
     * @throws IllegalArgumentException naming the actions
     */
    public static void requirePlayableLocally(Checked checked) {
        checked.template().ifPresent(t -> TemplateValidator
                .verdict(t.fill(parametersFor(checked.definition().experiment().orElseThrow(), standIns())))
                .requirePlayableLocally(t.name()));
    }

    /**
     * Refuses, for the AWS target and before anything starts, an experiment with a local-only action
     * ({@code gameday:local:…}, which FIS does not have), naming each one and what comes closest on AWS.
     *
     * @throws IllegalArgumentException naming the actions
     */
    public static void requirePlayableOnAws(Checked checked) {
        checked.template().ifPresent(t -> TemplateValidator
                .verdict(t.fill(parametersFor(checked.definition().experiment().orElseThrow(), standIns())))
                .requirePlayableOnAws(t.name()));
    }

    /** Checks a definition; throws with file, path and reason on the first problem found. */
    public Checked check(GameDayDefinition definition) {
        Map<String, String> standIns = standIns();
        SloSpecs slos = definition.slos().specs(sloLibrary);
        slos.requirePlaceholders(TARGET_PARAMETERS);
        definition.guardrails().forEach(g -> Placeholders.requireKnown(g.placeholders(), TARGET_PARAMETERS));
        definition.awaits().forEach(w -> Placeholders.requireKnown(w.placeholders(), TARGET_PARAMETERS));
        SteadyGate.requireKnown(definition, slos.slos());
        Optional<ExperimentTemplate> template = definition.experiment().map(spec -> {
            ExperimentTemplate loaded = load(spec, definition.file());
            // Values only the target knows are stood in: a stand-in is no value left to fill.
            ExperimentTemplate filled = loaded.fill(parametersFor(spec, standIns));
            TemplateValidator.verdict(filled).requireRunnable(filled.source(), Set.copyOf(standIns.values()));
            return loaded;
        });
        return new Checked(definition, template, slos);
    }

    /**
     * The template's fill values: {@code zone} (the target's first zone), the game day's own
     * parameters, then the target's, which win (but for the game day's {@code zone}) — a game day
     * never overrides what the target decides
     * (the parser refuses such a parameter already, with its line: {@link ExperimentSpec#TARGET_OWNED}).
     */
    public static Map<String, String> parametersFor(ExperimentSpec spec, Map<String, String> targetParameters) {
        Map<String, String> values = new LinkedHashMap<>();
        String zones = targetParameters.getOrDefault("zones", "");
        if (!zones.isBlank()) {
            values.put("zone", zones.split(",")[0].trim());
        }
        values.putAll(spec.parameters());
        values.putAll(targetParameters);
        if (spec.parameters().containsKey("zone")) {
            values.put("zone", spec.parameters().get("zone")); // the one choice a game day makes (over a stand-in)
        }
        return values;
    }

    private ExperimentTemplate load(ExperimentSpec spec, Path gameDayFile) {
        String name = spec.template();
        if (name.endsWith(".json") || name.endsWith(".yaml") || name.endsWith(".yml")) {
            Path file = gameDayFile.toAbsolutePath().getParent().resolve(name);
            if (!Files.exists(file)) {
                file = Path.of(name);
            }
            return TemplateParser.parse(file);
        }
        if (!templates.contains(name)) {
            throw spec.source().error("no experiment template named '" + name + "'; known: "
                    + String.join(", ", templates.names()));
        }
        return templates.load(name);
    }

    private static Map<String, String> standIns() {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : TARGET_PARAMETERS) {
            values.put(name, "<" + name + ">");
        }
        return values;
    }
}
