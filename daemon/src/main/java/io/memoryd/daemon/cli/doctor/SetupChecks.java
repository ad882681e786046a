package io.memoryd.daemon.cli.doctor;

import io.memoryd.daemon.cli.hooks.InstalledHooks;
import io.memoryd.renderer.launch.CdsArchive;
import java.nio.file.Path;

/** The doctor's checks of what speeds memoryd up or plugs it in: the AppCDS archive and the hooks. Stateless. */
final class SetupChecks {

    static final String CDS = "appcds";
    static final String HOOKS = "claude hooks";

    private SetupChecks() {
    }

    /** The renderers' AppCDS archive for this class path exists (renderers start about twice as fast). */
    static Finding cds(CdsArchive archive, String classpath) {
        if (!CdsArchive.supports(classpath)) {
            return Finding.warn(CDS, "not possible with this class path (not all jars): renderers start without it",
                    "run memoryd from the built jars (scripts/memoryd)");
        }
        Path file = archive.fileFor(classpath);
        if (!java.nio.file.Files.isRegularFile(file)) {
            return Finding.warn(CDS, "no archive for these jars yet (" + file.getFileName() + ")",
                    "the daemon makes it in the background at its next start");
        }
        return Finding.ok(CDS, file.toString());
    }

    /** memoryd's Claude Code hooks are installed and post to this workspace's hook socket. */
    static Finding hooks(InstalledHooks.Summary s, Path workspaceSocket) {
        if (s.problem() != null) {
            return Finding.warn(HOOKS, "settings " + s.problem(), "fix the file by hand; memoryctl leaves it alone");
        }
        if (!s.elsewhere().isEmpty()) {
            return Finding.fail(HOOKS, "installed hooks post to " + String.join(", ", s.elsewhere()) + ", not "
                    + workspaceSocket, "memoryctl hooks install claude-code (with this workspace's --home)");
        }
        if (!s.missing().isEmpty()) {
            return Finding.warn(HOOKS, "no memoryd hook for " + String.join(", ", s.missing()) + " in " + s.settings(),
                    "memoryctl hooks install claude-code, if you use Claude Code");
        }
        return Finding.ok(HOOKS, "installed in " + s.settings() + ", posting to " + workspaceSocket);
    }
}
