package io.memoryd.daemon.cli.doctor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's soft limit on open files, as {@code ulimit -n} shows it in the shell that started it
 * (a daemon started from the same shell inherits the same). Stateless.
 */
final class OpenFilesLimit {

    private OpenFilesLimit() {
    }

    /** The soft limit from /proc/self/limits; -1 when it cannot be read, Long.MAX_VALUE when unlimited. */
    static long soft() {
        try {
            return parse(Files.readString(Path.of("/proc/self/limits")));
        } catch (IOException e) {
            return -1;
        }
    }

    /** The soft "Max open files" of a /proc/PID/limits text; -1 when absent. */
    static long parse(String limits) {
        for (String line : limits.split("\n")) {
            if (line.startsWith("Max open files")) {
                String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                return soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft);
            }
        }
        return -1;
    }
}
