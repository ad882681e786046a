package io.memoryd.daemon.cli.hooks;

import java.nio.file.Path;

/**
 * A settings file memoryd will not edit: not valid JSON, not shaped as Claude Code documents, or not a
 * regular file. The message names the file and the problem; the file is left as it was.
 */
public final class SettingsRefused extends Exception {

    private static final long serialVersionUID = 1L;

    /** {@code problem} in {@code file}, e.g. "is not valid JSON (…)". */
    public SettingsRefused(Path file, String problem) {
        super(file + ": " + problem);
    }
}
