package dev.gameday.chaos.template;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown when an experiment template cannot be read, is invalid, or its targets cannot be
 * resolved; carries every {@link Problem} found, not just the first, so a user fixes a file
 * in one pass. An {@link IllegalArgumentException}, as the {@code FaultInjector} port throws
 * for a template it refuses.
 */
public class TemplateException extends IllegalArgumentException {

    private final List<Problem> problems;

    public TemplateException(List<Problem> problems) {
        super(describe(problems));
        this.problems = List.copyOf(problems);
    }

    public TemplateException(Problem problem) {
        this(List.of(problem));
    }

    /** Every problem found, in document order where there is one. */
    public List<Problem> problems() {
        return problems;
    }

    private static String describe(List<Problem> problems) {
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a TemplateException needs at least one problem");
        }
        if (problems.size() == 1) {
            return problems.get(0).toString();
        }
        return problems.size() + " problems:" + problems.stream()
                .map(p -> "\n  " + p)
                .collect(Collectors.joining());
    }
}
