package io.memoryd.renderer.launch;

import io.memoryd.memory.artifact.ArtifactBody;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An AppCDS archive of the renderer's classes, which roughly halves a renderer's spawn-to-READY. The
 * archive is named after the classpath's jars (path, size, mtime), so a rebuilt jar simply means a new
 * name: a stale archive is never used, and the JVM runs without one until {@link #train} makes it.
 */
public final class CdsArchive {

    private final Path dir;

    public CdsArchive(Path dir) {
        this.dir = dir;
    }

    /** Where the archive for this classpath lives (whether or not it exists yet). */
    public Path fileFor(String classpath) {
        StringBuilder key = new StringBuilder(System.getProperty("java.version")).append('\n');
        for (String entry : classpath.split(File.pathSeparator)) {
            File f = new File(entry);
            key.append(entry).append(':').append(f.length()).append(':').append(f.lastModified()).append('\n');
        }
        return dir.resolve("renderer-" + ArtifactBody.sha256(key.toString()).substring(0, 16) + ".jsa");
    }

    /** Whether archiving can work at all: AppCDS needs a classpath of jars only. */
    public static boolean supports(String classpath) {
        for (String entry : classpath.split(File.pathSeparator)) {
            if (!entry.endsWith(".jar") || !new File(entry).isFile()) {
                return false;
            }
        }
        return true;
    }

    /** The flags that use the archive when it exists, else none. */
    public List<String> flags(String classpath) {
        Path archive = fileFor(classpath);
        return Files.isRegularFile(archive) ? List.of("-XX:SharedArchiveFile=" + archive) : List.of();
    }

    /**
     * Makes the archive with one training run: a renderer started with {@code -XX:ArchiveClassesAtExit}
     * reaches READY and is stopped with SIGTERM (the archive is written at a normal exit).
     *
     * @return true when the archive now exists
     */
    public boolean train(String classpath, Path home, Path socket) throws IOException, InterruptedException {
        if (!supports(classpath)) {
            return false;
        }
        Files.createDirectories(dir);
        Path archive = fileFor(classpath);
        Path partial = archive.resolveSibling(archive.getFileName() + ".tmp-" + ProcessHandle.current().pid());
        List<String> flags = new ArrayList<>(RendererCommandLine.BASE_FLAGS);
        flags.add("-XX:ArchiveClassesAtExit=" + partial);
        Process p = RendererCommandLine.processBuilder(RendererCommandLine.lowPriority(RendererCommandLine.build(flags, classpath,
                home, socket, "cds-training", List.of()))).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.startsWith("READY ")) {
                // skip anything before the handshake
            }
            p.toHandle().destroy();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return false;
            }
        }
        if (!Files.isRegularFile(partial)) {
            return false;
        }
        Files.move(partial, archive, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return true;
    }
}
