package dev.gameday.chaos.actions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every FIS action and target resource type, read once from the classpath resource
 * {@value #RESOURCE}: the harness's copy of the FIS actions reference and targets page, each
 * entry naming the page it comes from.
 *
 * <pre>{@code
 * FisAction terminate = FisCatalogue.standard().action("aws:ec2:terminate-instances").orElseThrow();
 * }</pre>
 *
 * <p>The file checks itself as it loads: ids unique, every type and bound well-formed, every
 * resource type an action names defined, every entry sourced. A broken file fails with the entry named.
 */
public final class FisCatalogue {

    /** Where the catalogue ships. */
    public static final String RESOURCE = "/dev/gameday/chaos/fis-actions.json";

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    /** The file's shape. */
    private record Document(
            String description,
            String retrieved,
            List<String> sources,
            Map<String, String> parameterTypes,
            List<FisResourceType> resourceTypes,
            List<FisAction> actions) {
    }

    private static final class Standard {
        static final FisCatalogue INSTANCE = load();

        private static FisCatalogue load() {
            try (InputStream in = FisCatalogue.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("classpath resource " + RESOURCE + " is missing");
                }
                return read(new String(in.readAllBytes(), StandardCharsets.UTF_8), "classpath:" + RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + RESOURCE, e);
            }
        }
    }

    private final String retrieved;
    private final Map<String, FisAction> actions;
    private final Map<String, FisResourceType> resourceTypes;

    private FisCatalogue(String retrieved, Map<String, FisAction> actions, Map<String, FisResourceType> resourceTypes) {
        this.retrieved = retrieved;
        this.actions = Collections.unmodifiableMap(actions);
        this.resourceTypes = Collections.unmodifiableMap(resourceTypes);
    }

    /** The catalogue shipped with this module, read on first use. */
    public static FisCatalogue standard() {
        return Standard.INSTANCE;
    }

    /**
     * Reads a catalogue from its JSON text.
     *
     * @param source where the text came from, for messages
     * @throws IllegalArgumentException naming the source and the bad entry if the file is malformed or inconsistent
     */
    public static FisCatalogue read(String json, String source) {
        Document doc;
        try {
            doc = JSON.readValue(json, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": malformed FIS catalogue: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        }
        List<String> problems = new ArrayList<>();
        Map<String, FisResourceType> types = new LinkedHashMap<>();
        for (FisResourceType type : nonNull(doc.resourceTypes())) {
            String where = "resource type '" + type.id() + "'";
            if (types.put(type.id(), type) != null) {
                problems.add(where + " is defined twice");
            }
            sourced(where, type.source(), problems);
            parameters(where, type.parameters(), problems);
        }
        Map<String, FisAction> actions = new LinkedHashMap<>();
        for (FisAction action : nonNull(doc.actions())) {
            String where = "action '" + action.id() + "'";
            if (actions.put(action.id(), action) != null) {
                problems.add(where + " is defined twice");
            }
            sourced(where, action.source(), problems);
            Set<String> keys = new HashSet<>();
            for (FisTargetKey target : action.targets()) {
                if (!keys.add(target.key())) {
                    problems.add(where + " names target key '" + target.key() + "' twice");
                }
                if (target.resourceTypes().isEmpty()) {
                    problems.add(where + " target '" + target.key() + "' names no resource type");
                }
                target.resourceTypes().stream().filter(t -> !types.containsKey(t)).forEach(t ->
                        problems.add(where + " target '" + target.key() + "' names resource type '" + t
                                + "', which the catalogue does not define"));
            }
            parameters(where, action.parameters(), problems);
        }
        actions.values().stream().filter(a -> a.replacedBy() != null && !actions.containsKey(a.replacedBy()))
                .forEach(a -> problems.add("action '" + a.id() + "' is replaced by unknown action '" + a.replacedBy() + "'"));
        if (actions.isEmpty()) {
            problems.add("no actions");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(source + ": inconsistent FIS catalogue:\n  " + String.join("\n  ", problems));
        }
        return new FisCatalogue(doc.retrieved(), actions, types);
    }

    private static <T> List<T> nonNull(List<T> list) {
        return list == null ? List.of() : list;
    }

    private static void sourced(String where, String source, List<String> problems) {
        if (source == null || !source.startsWith("https://")) {
            problems.add(where + " has no https source URL");
        }
    }

    private static void parameters(String where, List<FisParameter> parameters, List<String> problems) {
        Set<String> names = new HashSet<>();
        for (FisParameter p : parameters) {
            String at = where + " parameter '" + p.name() + "'";
            if (p.name() == null || p.name().isBlank()) {
                problems.add(where + " has a parameter without a name");
                continue;
            }
            if (!names.add(p.name())) {
                problems.add(at + " is defined twice");
            }
            if (p.type() == null) {
                problems.add(at + " has no type");
                continue;
            }
            for (String bound : new String[] {p.min(), p.max()}) {
                if (bound != null) {
                    try {
                        p.type().checkBound(bound);
                    } catch (RuntimeException e) {
                        problems.add(at + " has bound '" + bound + "', which is not a " + p.type() + " bound");
                    }
                }
            }
            if (p.type() == ParameterType.ENUM && p.values().isEmpty()) {
                problems.add(at + " is an enum without values");
            }
            if (p.defaultValue() != null && p.type().check(p, p.defaultValue()).isPresent()) {
                problems.add(at + " has default '" + p.defaultValue() + "', which it would itself refuse");
            }
        }
        for (FisParameter p : parameters) {
            p.requiredWhen().keySet().stream().filter(other -> !names.contains(other)).forEach(other ->
                    problems.add(where + " parameter '" + p.name() + "' depends on unknown parameter '" + other + "'"));
        }
    }

    /** The date the documentation was read. */
    public String retrieved() {
        return retrieved;
    }

    /** The action of that id, if FIS has it. */
    public Optional<FisAction> action(String id) {
        return Optional.ofNullable(actions.get(id));
    }

    /** The resource type of that id, if FIS has it. */
    public Optional<FisResourceType> resourceType(String id) {
        return Optional.ofNullable(resourceTypes.get(id));
    }

    /** Every action, in file order. */
    public List<FisAction> actions() {
        return List.copyOf(actions.values());
    }

    /** Every resource type, in file order. */
    public List<FisResourceType> resourceTypes() {
        return List.copyOf(resourceTypes.values());
    }
}
