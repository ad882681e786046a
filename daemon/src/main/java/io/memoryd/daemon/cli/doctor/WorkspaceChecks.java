package io.memoryd.daemon.cli.doctor;

import io.memoryd.memory.workspace.WorkspaceRoots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/** The doctor's checks of the workspace itself: which root and why, and {@code memory/}. Stateless. */
final class WorkspaceChecks {

    static final String ROOT = "workspace";
    static final String MEMORY = "memory dir";

    private WorkspaceChecks() {
    }

    /** Which root will be used and which source chose it; a warning when it does not exist yet. */
    static Finding root(WorkspaceRoots.Choice choice) {
        String detail = choice.root() + " (from " + choice.source().label() + ")";
        if (!Files.isDirectory(choice.root())) {
            return Finding.warn(ROOT, detail + " does not exist yet",
                    "the daemon creates it empty on its first start; pass --home or set MEMORYD_HOME if you "
                            + "meant another workspace");
        }
        return Finding.ok(ROOT, detail);
    }

    /** {@code memory/} exists, is a directory of this user, and is private (no access for group or others). */
    static Finding memoryDir(Path memory, int uid) throws IOException {
        if (!Files.exists(memory, LinkOption.NOFOLLOW_LINKS)) {
            return Finding.warn(MEMORY, memory + " does not exist yet",
                    "the daemon creates it (0700) on its first start");
        }
        if (!Files.isDirectory(memory)) {
            return Finding.fail(MEMORY, memory + " is not a directory",
                    "move it away: memoryd keeps every artifact in this directory");
        }
        Map<String, Object> a = Files.readAttributes(memory, "unix:mode,uid");
        int mode = (Integer) a.get("mode") & 0777;
        int owner = (Integer) a.get("uid");
        if (owner != uid) {
            return Finding.fail(MEMORY, memory + " is owned by uid " + owner + ", not by this user (uid " + uid + ")",
                    "run memoryd as its owner, or chown -R it to this user");
        }
        if ((mode & 0077) != 0) {
            return Finding.warn(MEMORY, String.format("%s has mode %04o: transcripts are readable by others",
                    memory, mode), "chmod 700 " + memory);
        }
        return Finding.ok(MEMORY, String.format("%s, private (%04o), %,d artifact files", memory, mode,
                artifactFiles(memory)));
    }

    /** How many Markdown files {@code memory/} holds (0 when it is missing): what FD headroom compares to. */
    static long artifactFiles(Path memory) throws IOException {
        if (!Files.isDirectory(memory)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(memory)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".md")).count();
        }
    }
}
