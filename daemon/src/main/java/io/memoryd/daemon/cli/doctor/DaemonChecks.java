package io.memoryd.daemon.cli.doctor;

import io.grpc.StatusRuntimeException;
import io.memoryd.daemon.RunDirectory;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Optional;

/** The doctor's checks of the daemon's side: its run directory and whether it answers. Stateless. */
final class DaemonChecks {

    static final String RUN_DIR = "run dir";
    static final String DAEMON = "daemon";

    private DaemonChecks() {
    }

    /** The run directory is absent (made at start) or a private directory of this user, not a symlink. */
    static Finding runDirectory(Path runDir, int uid) {
        if (!Files.exists(runDir, LinkOption.NOFOLLOW_LINKS)) {
            return Finding.ok(RUN_DIR, runDir + " does not exist (the daemon creates it 0700 at start)");
        }
        Optional<String> problem = RunDirectory.problemWith(runDir, uid);
        if (problem.isPresent()) {
            return Finding.fail(RUN_DIR, runDir + " " + problem.get() + ": the daemon refuses to start with it",
                    "remove it (rm -r " + runDir + "); the daemon creates it again, private");
        }
        return Finding.ok(RUN_DIR, runDir + ", private (0700, this user's)");
    }

    /** The daemon answers on {@code socket}, or is not running; a socket nobody answers on is a warning. */
    static Finding daemon(Path socket, Path root, DaemonProbe probe) {
        if (!Files.exists(socket, LinkOption.NOFOLLOW_LINKS)) {
            return Finding.warn(DAEMON, "not running (no socket at " + socket + ")",
                    "start it: scripts/memoryd --home " + root + ", or memoryctl service install");
        }
        HealthResponse h;
        try {
            h = probe.health(socket);
        } catch (Exception e) {
            String why = e instanceof StatusRuntimeException s ? s.getStatus().getCode() + ": "
                    + s.getStatus().getDescription() : e.toString();
            return Finding.warn(DAEMON, "no daemon answers on " + socket + " (" + why + ")",
                    "a daemon that was killed leaves its socket behind: start it again (it replaces the socket); "
                            + "if one runs, its log on stderr says why it does not answer");
        }
        if (!h.getWorkspace().isEmpty() && !Path.of(h.getWorkspace()).equals(root)) {
            return Finding.fail(DAEMON, "the daemon on " + socket + " serves " + h.getWorkspace() + ", not " + root,
                    "pass --socket for this workspace's daemon, or --home for that one's");
        }
        String state = h.getStatus() == DaemonStatus.DAEMON_SERVING ? "serving" : h.getStatus().name();
        return Finding.ok(DAEMON, state + " on " + socket + ", pid " + h.getPid() + ", memoryd " + h.getVersion());
    }
}
