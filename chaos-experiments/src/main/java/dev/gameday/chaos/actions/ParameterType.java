package dev.gameday.chaos.actions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of value a FIS parameter takes. FIS passes every parameter as a string; each kind
 * says which strings it accepts and checks the bounds a {@link FisParameter} gives.
 */
public enum ParameterType {

    /** An ISO-8601 duration such as {@code PT5M}; bounds are durations. */
    @JsonProperty("duration") DURATION {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            Duration d;
            try {
                d = Duration.parse(value);
            } catch (DateTimeParseException e) {
                return Optional.of("is not an ISO-8601 duration such as PT5M");
            }
            if ((p.min() != null && d.compareTo(Duration.parse(p.min())) < 0)
                    || (p.max() != null && d.compareTo(Duration.parse(p.max())) > 0)) {
                return Optional.of("is outside what FIS accepts (" + range(p) + ")");
            }
            return Optional.empty();
        }

        @Override
        void checkBound(String bound) {
            Duration.parse(bound);
        }
    },
    /** A whole number. */
    @JsonProperty("integer") INTEGER {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            if (!value.trim().matches("[+-]?\\d+")) {
                return Optional.of("is not a whole number");
            }
            return number(p, value);
        }
    },
    /** A number, decimals allowed, usually 0 or 1 to 100. */
    @JsonProperty("percentage") PERCENTAGE {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            if (!value.trim().matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)")) {
                return Optional.of("is not a number");
            }
            return number(p, value);
        }
    },
    /** {@code true} or {@code false}, in any letter case (FIS's own documents write {@code True}). */
    @JsonProperty("boolean") BOOLEAN {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            String v = value.trim().toLowerCase(Locale.ROOT);
            return v.equals("true") || v.equals("false") ? Optional.empty() : Optional.of("is not true or false");
        }
    },
    /** One of the parameter's {@code values}. */
    @JsonProperty("enum") ENUM {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            return p.values().contains(value.trim()) ? Optional.empty()
                    : Optional.of("is not one of " + String.join(", ", p.values()));
        }
    },
    /** Comma-separated items, each one of {@code values} when given, at most {@code maxItems}. */
    @JsonProperty("list") LIST {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            List<String> items = new ArrayList<>();
            for (String item : value.split(",", -1)) {
                items.add(item.trim());
            }
            if (items.stream().anyMatch(String::isEmpty)) {
                return Optional.of("has an empty item in its comma-separated list");
            }
            if (p.maxItems() != null && items.size() > p.maxItems()) {
                return Optional.of("has " + items.size() + " items; FIS takes at most " + p.maxItems());
            }
            if (!p.values().isEmpty()) {
                for (String item : items) {
                    if (!p.values().contains(item)) {
                        return Optional.of("has item '" + item + "', which is not one of " + String.join(", ", p.values()));
                    }
                }
            }
            return Optional.empty();
        }
    },
    /** A JSON object written as a string (SSM document parameters, a Kubernetes spec). */
    @JsonProperty("json") JSON {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            try {
                return MAPPER.readTree(value).isObject() ? Optional.empty() : Optional.of("is not a JSON object");
            } catch (JsonProcessingException e) {
                return Optional.of("is not a JSON object: " + e.getOriginalMessage().lines().findFirst().orElse(""));
            }
        }
    },
    /** An Amazon Resource Name. */
    @JsonProperty("arn") ARN {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            return value.trim().startsWith("arn:") ? Optional.empty() : Optional.of("is not an ARN (arn:…)");
        }
    },
    /** Any non-empty text. */
    @JsonProperty("string") STRING {
        @Override
        Optional<String> problem(FisParameter p, String value) {
            return Optional.empty();
        }
    };

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /**
     * What is wrong with {@code value} for parameter {@code p} of this type, as the end of a
     * sentence that starts with the value ("… 'PT30S' is outside what FIS accepts …"); empty
     * when FIS accepts it.
     */
    public Optional<String> check(FisParameter p, String value) {
        if (value.isBlank()) {
            return Optional.of("is empty");
        }
        return problem(p, value);
    }

    abstract Optional<String> problem(FisParameter p, String value);

    /** Throws if {@code bound} is not a bound of this type: the catalogue checks itself when it loads. */
    void checkBound(String bound) {
        new BigDecimal(bound);
    }

    private static Optional<String> number(FisParameter p, String value) {
        BigDecimal n = new BigDecimal(value.trim());
        if ((p.min() != null && n.compareTo(new BigDecimal(p.min())) < 0)
                || (p.max() != null && n.compareTo(new BigDecimal(p.max())) > 0)) {
            return Optional.of("is outside what FIS accepts (" + range(p) + ")");
        }
        return Optional.empty();
    }

    private static String range(FisParameter p) {
        if (p.min() != null && p.max() != null) {
            return p.min() + " to " + p.max();
        }
        return p.min() != null ? "at least " + p.min() : "at most " + p.max();
    }
}
