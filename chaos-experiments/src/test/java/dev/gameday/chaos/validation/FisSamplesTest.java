package dev.gameday.chaos.validation;

import dev.gameday.chaos.actions.FisCatalogue;
import dev.gameday.chaos.catalogue.TemplateCatalogue;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.Problem;
import dev.gameday.chaos.template.TemplateParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Templates as teams write them for FIS (test resources {@code fis-samples/}). */
class FisSamplesTest {

    static final FisCatalogueValidator VALIDATOR =
            new FisCatalogueValidator(FisCatalogue.standard());

    static Path folder(String name) throws URISyntaxException {
        return Path.of(FisSamplesTest.class.getResource("/fis-samples/" + name).toURI());
    }

    static Stream<Path> validSamples() throws IOException, URISyntaxException {
        try (Stream<Path> files = Files.list(folder("valid"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    @Test
    void thereAreSamplesOfEveryKindTheIssueBrought() throws Exception {
        assertThat(validSamples()).hasSizeGreaterThanOrEqualTo(12);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSamples")
    void aSampleFisAcceptsIsAcceptedAndPlaysOnAwsOnly(Path file) {
        ExperimentTemplate template = TemplateParser.parse(file);
        FisVerdict verdict = VALIDATOR.check(template);

        assertThat(verdict.problems()).isEmpty();
        assertThat(TemplateValidator.verdict(template).problems()).isEmpty();
        // Each sample holds at least one action the local platform does not play.
        assertThat(verdict.kind()).isEqualTo(FisVerdict.Kind.VALID_AWS_ONLY);
    }

    @Test
    void aParameterFisDoesNotHaveIsRefusedWithItsPath() throws Exception {
        Path file = folder("invalid").resolve("lambda-delay-with-unknown-parameter.json");
        FisVerdict verdict = VALIDATOR.check(TemplateParser.parse(file));

        assertThat(verdict.kind()).isEqualTo(FisVerdict.Kind.INVALID);
        assertThat(verdict.problems()).containsExactly(new Problem(file.toString(), "$.actions.AddLatency.parameters.delayMilliseconds",
                "unknown parameter 'delayMilliseconds' for action 'aws:lambda:invocation-add-delay' (it takes: duration, "
                        + "invocationPercentage, startupDelayMilliseconds)"));
    }

    @Test
    void theLocalPlatformsOwnCatalogueIsStillAcceptedAndPlaysLocally() {
        // The shipped templates hold only actions the local platform plays; kill-db-writer's is local-only.
        var catalogue = TemplateCatalogue.classpath();
        for (String name : catalogue.names()) {
            ExperimentTemplate t = catalogue.load(name);
            List<Problem> problems = VALIDATOR.check(t).problems();
            assertThat(problems).as(name).isEmpty();
            assertThat(VALIDATOR.check(t).kind()).as(name).isEqualTo(name.equals("kill-db-writer")
                    ? FisVerdict.Kind.VALID_LOCAL_ONLY : FisVerdict.Kind.VALID);
        }
    }

    @Test
    void aLocalOnlyActionPlaysLocallyAndIsRefusedForAwsWithWhatComesClosest() {
        FisVerdict verdict = VALIDATOR.check(TemplateCatalogue.classpath().load("kill-db-writer"));

        assertThat(verdict.awsOnly()).isEmpty();
        verdict.requirePlayableLocally("kill-db-writer");
        assertThat(verdict.localOnly()).extracting(FisVerdict.AwsOnlyAction::actionId)
                .containsExactly("gameday:local:kill-db-writer");
        assertThatThrownBy(() -> verdict.requirePlayableOnAws("kill-db-writer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("experiment kill-db-writer cannot run on AWS: plays locally only:"
                        + " gameday:local:kill-db-writer (action 'killWriter'): FIS has no such action;")
                .hasMessageContaining("aws:rds:reboot-db-instances with forceFailover=true");
    }
}
