package io.memoryd.memory.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The strict artifact reader: every refusal names the file (bad-input handling). */
class ArtifactFileReaderTest {

    private static final String NAME = "2026-04-29T10-00-00.000Z--yruajzz2ynbltkjz--summary.md";

    @TempDir
    Path dir;

    private final ArtifactFileReader reader = new ArtifactFileReader(ArtifactFileReader.DEFAULT_MAX_BYTES);

    private void assertRefusedNaming(Path file, String reasonPart) {
        ArtifactReadException e = assertThrows(ArtifactReadException.class, () -> reader.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.reason().contains(reasonPart), e.reason());
        assertEquals(file, e.file());
    }

    @Test
    @DisplayName("reads a plain UTF-8 file verbatim (CRLF, BOM and non-ASCII kept)")
    void readsPlainUtf8Verbatim() throws Exception {
        Path file = dir.resolve(NAME);
        String text = "\ufeff---\r\nkind: \"summary\"\r\n---\r\nnaïve 😀\r\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertEquals(text, reader.read(file));
    }

    @Test
    @DisplayName("refuses bytes that are not UTF-8, naming the file")
    void refusesNonUtf8Bytes() throws IOException {
        Path file = dir.resolve(NAME);
        Files.write(file, new byte[] {'-', '-', '-', '\n', (byte) 0xC3, (byte) 0x28, (byte) 0xFF, '\n'});
        assertRefusedNaming(file, "not valid UTF-8");
    }

    @Test
    @DisplayName("reads a genuine U+FFFD character verbatim: only malformed bytes are refused")
    void readsAGenuineReplacementCharacter() throws Exception {
        Path file = dir.resolve(NAME);
        String text = "---\nkind: \"summary\"\n---\nbroken glyph \ufffd shown as is\n";
        Files.writeString(file, text, StandardCharsets.UTF_8);
        assertEquals(text, reader.read(file));
    }

    @Test
    @DisplayName("refuses a malformed byte even when the file also holds a genuine U+FFFD")
    void refusesMalformedBytesBesideAReplacementCharacter() throws IOException {
        Path file = dir.resolve(NAME);
        byte[] valid = "ok \ufffd then ".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(valid, valid.length + 1);
        bytes[valid.length] = (byte) 0xC3; // a lead byte with no continuation
        Files.write(file, bytes);
        assertRefusedNaming(file, "not valid UTF-8");
    }

    @Test
    @DisplayName("refuses a 50 MB file by its size before reading it, naming the file")
    void refusesFilesOverTheSizeLimit() throws IOException {
        Path file = dir.resolve(NAME);
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(50L * 1024 * 1024);
        }
        assertRefusedNaming(file, "over the " + ArtifactFileReader.DEFAULT_MAX_BYTES + "-byte artifact limit");
    }

    @Test
    @DisplayName("refuses a file one byte over a configured limit and reads one exactly at it")
    void honoursAConfiguredLimitExactly() throws Exception {
        ArtifactFileReader small = new ArtifactFileReader(10);
        Path atLimit = dir.resolve("at-limit.md");
        Files.writeString(atLimit, "0123456789");
        assertEquals("0123456789", small.read(atLimit));
        Path over = dir.resolve(NAME);
        Files.writeString(over, "0123456789X");
        ArtifactReadException e = assertThrows(ArtifactReadException.class, () -> small.read(over));
        assertTrue(e.getMessage().contains(over.toString()), e.getMessage());
    }

    @Test
    @DisplayName("refuses a symbolic link even when it points at a valid file, naming the link")
    void refusesSymbolicLinks() throws IOException {
        Path target = dir.resolve("target.md");
        Files.writeString(target, "---\nkind: \"summary\"\n---\nbody\n");
        Path link = Files.createSymbolicLink(dir.resolve(NAME), target);
        assertRefusedNaming(link, "symbolic link");
    }

    @Test
    @DisplayName("refuses a directory, naming it")
    void refusesDirectories() throws IOException {
        Path sub = Files.createDirectory(dir.resolve(NAME));
        assertRefusedNaming(sub, "not a regular file");
    }

    @Test
    @DisplayName("refuses a missing file, naming it")
    void refusesMissingFiles() {
        assertRefusedNaming(dir.resolve(NAME), "cannot stat");
    }

    @Test
    @DisplayName("refuses a file it may not read (chmod 000), naming it")
    void refusesUnreadableFiles() throws IOException {
        Path file = dir.resolve(NAME);
        Files.writeString(file, "secret");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        Assumptions.assumeFalse(Files.isReadable(file), "running as root: chmod 000 does not stop reads");
        assertRefusedNaming(file, "cannot read");
    }
}
