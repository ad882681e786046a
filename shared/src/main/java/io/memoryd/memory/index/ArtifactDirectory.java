package io.memoryd.memory.index;

import io.memoryd.memory.artifact.ArtifactFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Lists the canonical artifact files of {@code memory/}: flat, strict name rule, sorted by path text. */
public final class ArtifactDirectory {

    private final Path memoryDir;

    public ArtifactDirectory(Path memoryDir) {
        this.memoryDir = memoryDir;
    }

    /** Absolute paths of every entry whose name is an artifact name; empty when the directory is missing. */
    public List<Path> list() {
        // File.list() hands back bare names without building a Path per entry, which matters at 100k files.
        String[] names = memoryDir.toFile().list();
        if (names == null) {
            if (Files.isDirectory(memoryDir)) {
                throw new UncheckedIOException(new IOException("Failed to list " + memoryDir));
            }
            return new ArrayList<>();
        }
        Arrays.sort(names);
        List<Path> out = new ArrayList<>(names.length);
        for (String name : names) {
            if (ArtifactFileName.matches(name)) {
                out.add(memoryDir.resolve(name));
            }
        }
        return out;
    }
}
