package dev.gameday.definition;

import dev.gameday.core.config.ConfigNode;
import dev.gameday.slo.spec.SloParser;
import dev.gameday.slo.spec.SloSpecs;

import java.nio.file.Path;

/**
 * A game day's {@code slos:} as written: a list, parsed with the game day, or the name of a shared
 * SLO file ({@code slos: shop}, read from the SLO library by {@link #specs}). Either way the SLOs
 * keep their placeholders until the target opens ({@link SloSpecs#resolve}).
 */
public sealed interface GameDaySlos {

    /** Reads {@code slos:}: a non-empty list, or a name. */
    static GameDaySlos parse(ConfigNode slos) {
        if (!slos.isList()) {
            slos.name(); // a name, or an error saying what is expected
            return new Shared(slos);
        }
        if (slos.list().isEmpty()) {
            throw slos.error("a game day needs at least one SLO to judge it");
        }
        return new Inline(SloParser.parseSpecs(slos));
    }

    /**
     * The SLOs, parsed once: inline ones as they are, a shared set read from {@code library}.
     *
     * @throws dev.gameday.core.config.ConfigException when a shared set names no file there, or the file is invalid
     */
    SloSpecs specs(Path library);

    /** SLOs written in the game day, parsed with it. */
    record Inline(SloSpecs specs) implements GameDaySlos {

        @Override
        public SloSpecs specs(Path library) {
            return specs;
        }
    }

    /**
     * A shared SLO file named by the game day.
     *
     * @param reference the {@code slos:} value, kept to locate a name with no file
     */
    record Shared(ConfigNode reference) implements GameDaySlos {

        @Override
        public SloSpecs specs(Path library) {
            return SloParser.loadReferenceSpecs(reference, library);
        }
    }
}
