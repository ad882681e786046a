package io.memoryd.memory.index;

import io.memoryd.memory.artifact.ArtifactFileName;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Lists the canonical artifact files of {@code memory/}: flat, strict name rule, sorted by path text. */
public final class ArtifactDirectory {

    private final Path memoryDir;

    public ArtifactDirectory(Path memoryDir) {
        this.memoryDir = memoryDir;
    }

    /** Absolute paths of every entry whose name is an artifact name; empty when the directory is missing. */
    public List<Path> list() {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(memoryDir)) {
            for (Path entry : entries) {
                if (ArtifactFileName.matches(entry.getFileName().toString())) {
                    out.add(entry);
                }
            }
        } catch (NoSuchFileException e) {
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("Failed to list " + memoryDir, e);
        }
        out.sort(Comparator.comparing(Path::toString));
        return out;
    }
}
