package dev.gameday.ci;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shipped GitHub workflows follow the hardening docs/SECURITY.md promises: a read-only token
 * by default, every action pinned by a full commit SHA, and no workflow input or event field
 * expanded inside a shell line (where a crafted value becomes a command; they go through {@code env:}).
 */
class WorkflowHygieneTest {

    private static final Path WORKFLOWS = Path.of("..", ".github", "workflows");
    private static final Pattern USES = Pattern.compile("^\\s*(?:-\\s*)?uses:\\s*(\\S+)");
    private static final Pattern PINNED = Pattern.compile("[^@\\s]+@[0-9a-f]{40}");
    private static final Pattern UNTRUSTED = Pattern.compile("\\$\\{\\{\\s*(inputs\\.|github\\.event\\.|github\\.head_ref)");

    @Test
    void everyWorkflowIsHardened() throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(WORKFLOWS)) {
            files = s.filter(p -> p.toString().endsWith(".yml") || p.toString().endsWith(".yaml")).sorted().toList();
        }
        assertThat(files).isNotEmpty();
        List<String> problems = new ArrayList<>();
        for (Path file : files) {
            List<String> lines = Files.readAllLines(file);
            if (lines.stream().noneMatch(l -> l.startsWith("permissions:"))) {
                problems.add(file.getFileName() + ": no top-level permissions: block");
            }
            boolean inRun = false;
            int runIndent = 0;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                int indent = line.length() - line.stripLeading().length();
                String where = file.getFileName() + ":" + (i + 1);
                Matcher uses = USES.matcher(line);
                if (uses.find() && !PINNED.matcher(uses.group(1)).matches()) {
                    problems.add(where + ": action not pinned by commit SHA: " + uses.group(1));
                }
                if (inRun && !line.isBlank() && indent <= runIndent) {
                    inRun = false;
                }
                String body = line.strip().startsWith("- ") ? line.strip().substring(2) : line.strip();
                if (body.startsWith("run:")) {
                    inRun = true;
                    runIndent = indent;
                }
                if (inRun && UNTRUSTED.matcher(line).find()) {
                    problems.add(where + ": workflow input expanded in a shell line (pass it through env:)");
                }
            }
        }
        assertThat(problems).isEmpty();
    }
}
