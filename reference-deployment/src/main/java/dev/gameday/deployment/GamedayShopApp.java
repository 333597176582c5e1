package dev.gameday.deployment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.DefaultStackSynthesizer;
import software.amazon.awscdk.DefaultStackSynthesizerProps;
import software.amazon.awscdk.StackProps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The CDK app: synthesizes the reference deployment's CloudFormation template in-process (the jsii
 * runtime runs the CDK on node; no CDK CLI is involved). {@link #main} prints the template, or with
 * {@code --write} replaces the committed {@link #TEMPLATE}; the golden test does the same with
 * {@code -Dgameday.writeTemplate=true}. A {@code cdk.json} could run the same app under the CDK CLI.
 */
public final class GamedayShopApp {

    /** The committed template, relative to the project's folder. */
    public static final String TEMPLATE = "reference-deployment/template/gameday-shop.template.json";

    private GamedayShopApp() {
    }

    public static void main(String[] args) throws IOException {
        Path home = home();
        String json = render(synthesize(home, DeploymentOptions.defaults(), Map.of()));
        if (args.length > 0 && args[0].equals("--write")) {
            Files.writeString(home.resolve(TEMPLATE), json);
            System.out.println("wrote " + home.resolve(TEMPLATE));
        } else {
            System.out.print(json);
        }
    }

    /** The project's folder: {@code -Dgameday.home}, else the working directory. */
    public static Path home() {
        return Path.of(System.getProperty("gameday.home", ".")).toAbsolutePath().normalize();
    }

    /** A fresh app holding the stack with {@code options} and extra {@code context}. */
    public static GamedayShopStack stack(Path home, DeploymentOptions options, Map<String, Object> context) {
        Map<String, Object> all = new java.util.LinkedHashMap<>();
        // CloudFormation's own property rules checked at synthesis: a template CloudFormation would refuse fails here.
        all.put("@aws-cdk/core:validateAgainstDefaultRules", true);
        all.putAll(context);
        App app = new App(AppProps.builder().context(all).analyticsReporting(false).build());
        return new GamedayShopStack(app, GamedayShopStack.NAME, StackProps.builder()
                .stackName(GamedayShopStack.NAME)
                .description("gameday reference deployment: the shop on ALB + ECS Fargate over 3 AZs, RDS Multi-AZ, SQS,"
                        + " alarms and the FIS role (reference-deployment)")
                // Deployed straight through the CloudFormation API: no CDK bootstrap stack, no assets.
                .synthesizer(new DefaultStackSynthesizer(DefaultStackSynthesizerProps.builder()
                        .generateBootstrapVersionRule(false).build()))
                .analyticsReporting(false)
                .build(), home, options);
    }

    /** The synthesized template as a JSON tree. */
    public static JsonNode synthesize(Path home, DeploymentOptions options, Map<String, Object> context) {
        GamedayShopStack stack = stack(home, options, context);
        Object template = software.amazon.awscdk.assertions.Template.fromStack(stack).toJSON();
        return new ObjectMapper().valueToTree(template);
    }

    /** The template as committed: two-space indented, a newline at the end. */
    public static String render(JsonNode template) {
        try {
            return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(template) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
