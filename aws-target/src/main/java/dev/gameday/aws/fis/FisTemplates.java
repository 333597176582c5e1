package dev.gameday.aws.fis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gameday.chaos.template.ExperimentTarget;
import dev.gameday.chaos.template.ExperimentTemplate;
import dev.gameday.chaos.template.StopCondition;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateActionInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateExperimentOptionsInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateLogConfigurationInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateReportConfigurationInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateRequest;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateStopConditionInput;
import software.amazon.awssdk.services.fis.model.CreateExperimentTemplateTargetInput;
import software.amazon.awssdk.services.fis.model.ExperimentTemplateCloudWatchLogsLogConfigurationInput;
import software.amazon.awssdk.services.fis.model.ExperimentTemplateReportConfigurationDataSourcesInput;
import software.amazon.awssdk.services.fis.model.ExperimentTemplateReportConfigurationOutputsInput;
import software.amazon.awssdk.services.fis.model.ExperimentTemplateS3LogConfigurationInput;
import software.amazon.awssdk.services.fis.model.ExperimentTemplateTargetInputFilter;
import software.amazon.awssdk.services.fis.model.ReportConfigurationCloudWatchDashboardInput;
import software.amazon.awssdk.services.fis.model.ReportConfigurationS3OutputInput;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Turns an {@link ExperimentTemplate} into the SDK's {@code CreateExperimentTemplate} request, and names a template's content by a hash so the
 * injector can tell whether FIS already holds this exact template.
 *
 * <p>Empty lists and maps are left unset rather than sent empty: FIS reads an empty
 * {@code resourceArns} next to {@code resourceTags} as setting both.
 */
final class FisTemplates {

    /** Tag naming the catalogue template a FIS template was made from. */
    static final String NAME_TAG = "gameday:template";
    /** Tag holding {@link #contentHash(ExperimentTemplate, String)} of what was sent. */
    static final String HASH_TAG = "gameday:content-hash";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private FisTemplates() {
    }

    /**
     * A hash of what FIS would hold for this template: the FIS JSON with keys sorted (so
     * reformatting a file does not count as a change) and the role actually used.
     */
    static String contentHash(ExperimentTemplate template, String roleArn) {
        ObjectNode content = template.fisJson();
        content.put("roleArn", roleArn);
        try {
            byte[] canonical = MAPPER.writeValueAsBytes(sorted(content));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical);
            // 16 bytes are plenty to tell versions of one template apart, and read well in the console.
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash template " + template.name(), e);
        }
    }

    private static JsonNode sorted(JsonNode node) {
        if (node.isObject()) {
            TreeMap<String, JsonNode> fields = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                fields.put(field.getKey(), sorted(field.getValue()));
            }
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            fields.forEach(out::set);
            return out;
        }
        if (node.isArray()) {
            var out = JsonNodeFactory.instance.arrayNode();
            node.forEach(element -> out.add(sorted(element)));
            return out;
        }
        return node;
    }

    /** The tags FIS should hold on the template: the file's own, plus name and content hash. */
    static Map<String, String> tags(ExperimentTemplate template, String hash) {
        Map<String, String> tags = new LinkedHashMap<>(template.tags());
        tags.put(NAME_TAG, template.name());
        tags.put(HASH_TAG, hash);
        return tags;
    }

    static CreateExperimentTemplateRequest create(ExperimentTemplate template, String roleArn, String hash) {
        CreateExperimentTemplateRequest.Builder request = CreateExperimentTemplateRequest.builder()
                // A fresh token, not one derived from the hash: FIS would answer a reused token with the
                // template it created for it before, even if that one has since been deleted.
                .clientToken(UUID.randomUUID().toString())
                .description(template.description())
                .roleArn(roleArn)
                .tags(tags(template, hash))
                .stopConditions(stopConditions(template, (source, value) ->
                        CreateExperimentTemplateStopConditionInput.builder().source(source).value(value).build()))
                .targets(map(template.targets(), target -> {
                    CreateExperimentTemplateTargetInput.Builder b = CreateExperimentTemplateTargetInput.builder()
                            .resourceType(target.resourceType())
                            .selectionMode(selectionMode(target));
                    if (!target.resourceArns().isEmpty()) b.resourceArns(target.resourceArns());
                    if (!target.resourceTags().isEmpty()) b.resourceTags(target.resourceTags());
                    if (!target.filters().isEmpty()) b.filters(filters(target));
                    if (!target.parameters().isEmpty()) b.parameters(target.parameters());
                    return b.build();
                }))
                .actions(map(template.actions(), action -> {
                    CreateExperimentTemplateActionInput.Builder b = CreateExperimentTemplateActionInput.builder()
                            .actionId(action.actionId())
                            .description(action.description());
                    if (!action.parameters().isEmpty()) b.parameters(action.parameters());
                    if (!action.targets().isEmpty()) b.targets(action.targets());
                    if (!action.startAfter().isEmpty()) b.startAfter(action.startAfter());
                    return b.build();
                }))
                .experimentOptions(CreateExperimentTemplateExperimentOptionsInput.builder()
                        .accountTargeting(template.experimentOptions().accountTargeting())
                        .emptyTargetResolutionMode(template.experimentOptions().emptyTargetResolutionMode())
                        .build());
        JsonNode log = template.logConfiguration();
        if (log != null) {
            request.logConfiguration(CreateExperimentTemplateLogConfigurationInput.builder()
                    .cloudWatchLogsConfiguration(cloudWatchLogs(log))
                    .s3Configuration(s3Log(log))
                    .logSchemaVersion(log.has("logSchemaVersion") ? log.get("logSchemaVersion").asInt() : null)
                    .build());
        }
        JsonNode report = template.experimentReportConfiguration();
        if (report != null) {
            request.experimentReportConfiguration(CreateExperimentTemplateReportConfigurationInput.builder()
                    .outputs(reportOutputs(report))
                    .dataSources(reportDataSources(report))
                    .preExperimentDuration(text(report, "preExperimentDuration"))
                    .postExperimentDuration(text(report, "postExperimentDuration"))
                    .build());
        }
        return request.build();
    }

    private interface StopConditionFactory<T> {
        T make(String source, String value);
    }

    private static <T> List<T> stopConditions(ExperimentTemplate template, StopConditionFactory<T> factory) {
        List<T> out = new ArrayList<>();
        for (StopCondition condition : template.stopConditions()) {
            out.add(factory.make(condition.source(), condition.value()));
        }
        return out;
    }

    private static <V, T> Map<String, T> map(Map<String, V> in, java.util.function.Function<V, T> convert) {
        Map<String, T> out = new LinkedHashMap<>();
        in.forEach((name, value) -> out.put(name, convert.apply(value)));
        return out;
    }

    private static String selectionMode(ExperimentTarget target) {
        return target.selectionMode() != null ? target.selectionMode() : "ALL";
    }

    private static List<ExperimentTemplateTargetInputFilter> filters(ExperimentTarget target) {
        return target.filters().stream()
                .map(f -> ExperimentTemplateTargetInputFilter.builder().path(f.path()).values(f.values()).build())
                .toList();
    }

    private static ExperimentTemplateCloudWatchLogsLogConfigurationInput cloudWatchLogs(JsonNode log) {
        JsonNode cw = log.get("cloudWatchLogsConfiguration");
        return cw == null ? null : ExperimentTemplateCloudWatchLogsLogConfigurationInput.builder()
                .logGroupArn(text(cw, "logGroupArn")).build();
    }

    private static ExperimentTemplateS3LogConfigurationInput s3Log(JsonNode log) {
        JsonNode s3 = log.get("s3Configuration");
        return s3 == null ? null : ExperimentTemplateS3LogConfigurationInput.builder()
                .bucketName(text(s3, "bucketName")).prefix(text(s3, "prefix")).build();
    }

    private static ExperimentTemplateReportConfigurationOutputsInput reportOutputs(JsonNode report) {
        JsonNode s3 = report.path("outputs").get("s3Configuration");
        return s3 == null ? null : ExperimentTemplateReportConfigurationOutputsInput.builder()
                .s3Configuration(ReportConfigurationS3OutputInput.builder()
                        .bucketName(text(s3, "bucketName")).prefix(text(s3, "prefix")).build())
                .build();
    }

    private static ExperimentTemplateReportConfigurationDataSourcesInput reportDataSources(JsonNode report) {
        JsonNode dashboards = report.path("dataSources").get("cloudWatchDashboards");
        if (dashboards == null || !dashboards.isArray()) {
            return null;
        }
        List<ReportConfigurationCloudWatchDashboardInput> inputs = new ArrayList<>();
        dashboards.forEach(d -> inputs.add(ReportConfigurationCloudWatchDashboardInput.builder()
                .dashboardIdentifier(text(d, "dashboardIdentifier")).build()));
        return ExperimentTemplateReportConfigurationDataSourcesInput.builder().cloudWatchDashboards(inputs).build();
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
