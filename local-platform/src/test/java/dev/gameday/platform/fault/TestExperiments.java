package dev.gameday.platform.fault;

import dev.gameday.chaos.template.TemplateParser;
import dev.gameday.chaos.validation.TemplateValidator;
import dev.gameday.chaos.validation.ValidatedExperiment;

import java.util.Map;

/** Experiments written inline in a test, made the one way a fault injector takes them: through the validator. */
public final class TestExperiments {

    private TestExperiments() {
    }

    /** {@code json}, a FIS template with nothing left to fill, read and validated as {@code <name>.json}. */
    public static ValidatedExperiment validated(String name, String json) {
        return TemplateValidator.validate(
                TemplateParser.parse(name, name + ".json", json, TemplateParser.Format.JSON), Map.of());
    }
}
