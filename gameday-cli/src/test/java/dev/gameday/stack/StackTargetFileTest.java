package dev.gameday.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.aws.config.AwsTargetConfig;
import dev.gameday.core.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stack outputs → target file, offline, from the shipped example answer and the committed template
 * (neither needs node nor an account: this runs in the default build).
 */
class StackTargetFileTest {

    private static final Path HOME = Path.of("..");
    private static final Path EXAMPLE = HOME.resolve("reference-deployment/describe-stacks.json");
    private static final Path TEMPLATE = HOME.resolve("reference-deployment/template/gameday-shop.template.json");

    @TempDir
    Path tmp;

    @Test
    void theExampleAnswerBecomesATargetFileNamingEveryPartOfTheStack() throws IOException {
        StackDescription stack = StackDescription.read(EXAMPLE, null);
        Path out = tmp.resolve("targets/gameday-shop.yaml");
        StackTargetFile.write(stack, out);

        AwsTargetConfig target = AwsTargetConfig.load(out);
        assertThat(target.region()).isEqualTo("eu-west-1");
        assertThat(target.allowedAccounts()).containsExactly("123456789012");
        assertThat(target.baseUrl()).hasToString(stack.required(StackOutput.SHOP_URL));
        assertThat(target.loadBalancer().dimension()).isEqualTo("app/gameda-LoadB-Xk3b9TqZ1r2s/8c1e5b3f2a7d9e40");
        assertThat(target.targetGroup().dimension()).isEqualTo("targetgroup/gameda-Targe-4ZHQ0JX7P2KD/2f9b7c6d5e4a3b21");
        assertThat(target.cluster()).isEqualTo("gameday-shop-ClusterEB0386A7-9qXaT1bH2cLm");
        assertThat(target.service()).isEqualTo("shop-api");
        assertThat(target.database().isCluster()).isTrue();
        assertThat(target.database().clusterId()).isEqualTo("gameday-shop-databaseb269d8bb-7kq2m9x4z1ab");
        assertThat(target.queue()).isEqualTo("gameday-shop-OrdersQueue3DFA1D51-Vb8kE2mT0qPz");
        assertThat(target.alarms()).containsExactly("gameday-shop-5xx", "gameday-shop-unhealthy-hosts", "gameday-shop-queue-age");
        assertThat(target.stopConditionAlarms()).containsExactly("gameday-shop-5xx");
        assertThat(target.fisRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/gameday-shop-FisRoleF2C479C1-3J7wqB0kXy2N");
        // The example's listener is plain http: the admin token stays out, and the file says why.
        assertThat(target.adminTokenEnv()).isNull();
        assertThat(Files.readString(out)).contains("No adminTokenEnv: the shop answers on plain http");
        assertThat(target.highResolutionNamespaces()).containsExactly("GamedayShop");
        assertThat(target.route53Settings()).hasValueSatisfying(r53 -> {
            assertThat(r53.recordName()).isEqualTo("shop.example.com");
            assertThat(r53.healthCheckIds()).containsExactly("0f1e2d3c-4b5a-4978-8a9b-0c1d2e3f4a5b");
        });
        assertThat(target.subnetTags()).isEqualTo(AwsTargetConfig.DEFAULT_SUBNET_TAGS);
        // Deployed with the injector option: the injectors block, from the stack's own resources.
        assertThat(target.injectorSettings()).hasValueSatisfying(injectors -> {
            assertThat(injectors.cluster()).isEqualTo("gameday-shop-ClusterEB0386A7-9qXaT1bH2cLm");
            assertThat(injectors.taskDefinition()).isEqualTo("gameday-injector");
            assertThat(injectors.container()).isEqualTo("injector");
            assertThat(injectors.zones()).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
            assertThat(injectors.subnets()).containsEntry("eu-west-1b", "subnet-0a1b2c3d4e5f60722");
            assertThat(injectors.securityGroups()).containsExactly("sg-0d1e2f3a4b5c6d7e8");
            assertThat(injectors.bucket()).isEqualTo("gameday-shop-injectorresults-1x2y3z4w5v6u");
            assertThat(injectors.prefix()).isEqualTo("gameday");
        });
    }

    @Test
    void theExampleAnswerHasTheCommittedTemplatesOutputsWithTheirDescriptions() throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode template = json.readTree(TEMPLATE.toFile());
        Map<String, String> declared = new TreeMap<>();
        template.get("Outputs").fields().forEachRemaining(e -> declared.put(e.getKey(), e.getValue().get("Description").asText()));
        Map<String, String> answered = new TreeMap<>();
        json.readTree(EXAMPLE.toFile()).at("/Stacks/0/Outputs").forEach(o ->
                answered.put(o.get("OutputKey").asText(), o.get("Description").asText()));
        // The example deploys the committed template with the Route 53 option: every output is there.
        assertThat(answered).isEqualTo(declared);
        for (StackOutput output : StackOutput.values()) {
            if (output != StackOutput.DB_INSTANCE) {
                assertThat(declared).as("the template declares " + output.key()).containsEntry(output.key(), output.description());
            }
        }
        // The parameters the example was deployed with are the template's.
        TreeSet<String> parameters = new TreeSet<>();
        template.get("Parameters").fieldNames().forEachRemaining(parameters::add);
        TreeSet<String> given = new TreeSet<>();
        json.readTree(EXAMPLE.toFile()).at("/Stacks/0/Parameters").forEach(p -> given.add(p.get("ParameterKey").asText()));
        assertThat(given).isEqualTo(parameters);
    }

    @Test
    void overHttpsTheOrderAuditGetsTheAdminTokenFromTheStacksSecret() throws Exception {
        Map<String, String> outputs = new LinkedHashMap<>(StackDescription.read(EXAMPLE, null).outputs());
        outputs.put("ShopUrl", outputs.get("ShopUrl").replace("http://", "https://"));
        StackDescription example = StackDescription.read(EXAMPLE, null);
        StackDescription stack = StackDescription.of("s.json", example.stackId(), "CREATE_COMPLETE", outputs, Map.of());

        AwsTargetConfig target = AwsTargetConfig.parse("t.yaml", StackTargetFile.yaml(stack, "t.yaml"));

        assertThat(target.adminTokenEnv()).isEqualTo(StackTargetFile.ADMIN_TOKEN_ENV);
        assertThat(StackTargetFile.yaml(stack, "t.yaml")).contains("secretsmanager get-secret-value")
                .contains(outputs.get("AdminTokenSecretArn"));
    }

    @Test
    void withoutRoute53OutputsTheTargetHasNoRoute53Block() {
        Map<String, String> outputs = new LinkedHashMap<>(StackDescription.read(EXAMPLE, null).outputs());
        outputs.keySet().removeAll(List.of("HostedZoneId", "RecordName", "HealthCheckId"));
        StackDescription stack = StackDescription.of("s.json",
                "arn:aws:cloudformation:us-east-2:210987654321:stack/other/5a9c7e10-b3d4-11f1-8f2a-0a1b2c3d4e5f",
                "UPDATE_COMPLETE", outputs, Map.of());

        // The outputs name eu-west-1 and account 123456789012, but the stack is elsewhere: not a target.
        assertThatThrownBy(() -> StackTargetFile.yaml(stack, "t.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("s.json").hasMessageContaining("loadBalancer")
                .hasMessageContaining("is in region eu-west-1, but the target's region is us-east-2");

        Map<String, String> consistent = new LinkedHashMap<>();
        outputs.forEach((k, v) -> consistent.put(k, v.replace("123456789012", "210987654321").replace("eu-west-1", "us-east-2")));
        String yaml = StackTargetFile.yaml(StackDescription.of("s.json",
                "arn:aws:cloudformation:us-east-2:210987654321:stack/other/5a9c7e10-b3d4-11f1-8f2a-0a1b2c3d4e5f",
                "UPDATE_COMPLETE", consistent, Map.of()), "t.yaml");
        AwsTargetConfig target = AwsTargetConfig.parse("t.yaml", yaml);
        assertThat(target.route53Settings()).isEmpty();
        assertThat(target.region()).isEqualTo("us-east-2");
    }

    @Test
    void aMissingOutputIsNamedWithTheFileItCameFrom() throws IOException {
        Path file = tmp.resolve("stack.json");
        Files.writeString(file, Files.readString(EXAMPLE).replace("\"FisRoleArn\"", "\"SomethingElse\""));
        StackDescription stack = StackDescription.read(file, null);

        assertThatThrownBy(() -> StackTargetFile.yaml(stack, "t.yaml")).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("no output 'FisRoleArn'");
    }

    @Test
    void aStackThatRolledBackIsRefusedAtItsStatusLine() throws IOException {
        Path file = tmp.resolve("stack.json");
        Files.writeString(file, Files.readString(EXAMPLE).replace("\"CREATE_COMPLETE\"", "\"ROLLBACK_COMPLETE\""));

        assertThatThrownBy(() -> StackDescription.read(file, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining(file + ":40").hasMessageContaining("StackStatus")
                .hasMessageContaining("the stack is ROLLBACK_COMPLETE");
    }

    @Test
    void severalStacksNeedANameAndAnUnknownNameIsRefused() throws IOException {
        JsonNode answer = new ObjectMapper().readTree(EXAMPLE.toFile());
        var stacks = (ArrayNode) answer.get("Stacks");
        var second = stacks.get(0).deepCopy();
        ((ObjectNode) second).put("StackName", "gameday-shop-2")
                .put("StackId", second.get("StackId").asText().replace("stack/gameday-shop/", "stack/gameday-shop-2/"));
        stacks.add(second);
        Path file = tmp.resolve("stacks.json");
        new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), answer);

        assertThatThrownBy(() -> StackDescription.read(file, null)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("holds 2 stacks (gameday-shop, gameday-shop-2)").hasMessageContaining("--stack");
        assertThatThrownBy(() -> StackDescription.read(file, "nope")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no stack named 'nope'");
        assertThat(StackDescription.read(file, "gameday-shop-2").name()).isEqualTo("gameday-shop-2");
    }
}
