package io.memoryd.renderer.launch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The AppCDS archive is keyed by the jars, so a rebuilt jar never meets a stale archive. */
class CdsArchiveTest {

    @TempDir
    Path dir;

    private String classpath(Path... jars) {
        return String.join(File.pathSeparator, java.util.Arrays.stream(jars).map(Path::toString).toList());
    }

    @Test
    void archiveName_changesWhenAJarIsRebuilt() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "v1");
        CdsArchive cds = new CdsArchive(dir.resolve("cds"));
        Path before = cds.fileFor(classpath(jar));

        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5000));

        assertNotEquals(before, cds.fileFor(classpath(jar)));
    }

    @Test
    void flags_areEmptyUntilTheArchiveExists() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "v1");
        CdsArchive cds = new CdsArchive(dir.resolve("cds"));
        assertEquals(List.of(), cds.flags(classpath(jar)));

        Files.createDirectories(dir.resolve("cds"));
        Files.writeString(cds.fileFor(classpath(jar)), "archive");

        assertEquals(List.of("-XX:SharedArchiveFile=" + cds.fileFor(classpath(jar))), cds.flags(classpath(jar)));
    }

    @Test
    void supports_onlyClasspathsOfJars() throws Exception {
        Path jar = Files.writeString(dir.resolve("a.jar"), "v1");
        Path classes = Files.createDirectories(dir.resolve("classes"));

        assertTrue(CdsArchive.supports(classpath(jar)));
        assertFalse(CdsArchive.supports(classpath(jar, classes)));
    }
}
