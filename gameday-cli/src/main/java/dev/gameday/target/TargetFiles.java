package dev.gameday.target;

import dev.gameday.core.config.ConfigNode;

import java.nio.file.Path;

/**
 * Reads {@code --target}: {@code local} (the built-in local platform) or a target file whose
 * {@code kind} says which target it describes.
 */
public final class TargetFiles {

    private TargetFiles() {
    }

    /** The kind a target argument names: {@code local} for the word or a local file, else the file's kind. */
    public static String kindOf(String target) {
        if (target.equals("local")) {
            return "local";
        }
        ConfigNode root = ConfigNode.load(Path.of(target));
        String kind = root.text("kind", "aws");
        if (!kind.equals("local") && !kind.equals("aws")) {
            throw root.get("kind").error("must be local or aws, was '" + kind + "'");
        }
        return kind;
    }

    /** The local platform's settings from {@code --target}: the defaults for {@code local}, else the file. */
    public static LocalTargetFile local(String target) {
        if (target.equals("local")) {
            return LocalTargetFile.defaults();
        }
        Path file = Path.of(target);
        return LocalTargetFile.parse(file, ConfigNode.load(file));
    }
}
