package dev.gameday.chaos.template;

import java.util.Map;

/**
 * The template's {@code x-gameday} block: what FIS does not know but a game day needs.
 * FIS rejects unknown fields, so this block is stripped before a template is sent to FIS
 * (see {@link ExperimentTemplate#fisJson()}).
 *
 * @param parameters default values for {@code ${name}} placeholders; game-day parameters override them
 * @param proves     what a passing run of this experiment demonstrates; may be {@code null}
 */
public record GamedayExtension(Map<String, String> parameters, String proves) {

    /** No defaults, no claim. */
    public static final GamedayExtension NONE = new GamedayExtension(Map.of(), null);

    public GamedayExtension {
        parameters = Maps.ordered(parameters);
    }
}
