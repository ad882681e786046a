package io.memoryd.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The effective uid of this process, which owns the files it creates and is the only user its sockets
 * serve. Java has no API for it; Linux states it in {@code /proc/self/status} ("Uid: real effective
 * saved filesystem").
 */
public final class EffectiveUid {

    private static final Path STATUS = Path.of("/proc/self/status");

    private EffectiveUid() {
    }

    /** Reads the effective uid; fails naming {@code /proc/self/status} when it cannot be read. */
    public static int current() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("Uid:")) {
                    return Integer.parseInt(line.substring(4).trim().split("\\s+")[1]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the effective uid from " + STATUS, e);
        }
        throw new IllegalStateException("no Uid line in " + STATUS);
    }
}
