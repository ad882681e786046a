package io.memoryd.daemon.cli.service;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@link Systemctl} as a child process {@code systemctl --user ...}, each bounded to 60 seconds. */
final class ProcessSystemctl implements Systemctl {

    @Override
    public boolean available() {
        try {
            // Fails without systemctl (IOException) and without a user manager (no session bus: exit 1).
            return run(List.of("show-environment")).ok();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public Result run(List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("systemctl", "--user"));
        command.addAll(args);
        // Output to a file, not a pipe: a hung systemctl must not block the read past the timeout.
        Path log = Files.createTempFile("memoryctl-systemctl", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!waitFor(p)) {
                p.destroyForcibly();
                return new Result(-1, "timed out: " + String.join(" ", command));
            }
            return new Result(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8).strip());
        } finally {
            Files.deleteIfExists(log);
        }
    }

    private static boolean waitFor(Process p) throws IOException {
        try {
            return p.waitFor(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new java.io.InterruptedIOException("interrupted while systemctl ran");
        }
    }
}
