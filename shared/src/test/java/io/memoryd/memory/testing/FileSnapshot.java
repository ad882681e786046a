package io.memoryd.memory.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The content hashes of the files directly in a directory at one moment, to prove after a fault that
 * nothing that was on disk was deleted, truncated or changed. The database and its WAL and shared-memory
 * files are left out (SQLite owns their bytes); tests check {@code memories.db} on its own.
 */
public record FileSnapshot(Path dir, Map<String, String> hashes) {

    public static FileSnapshot of(Path dir) throws IOException {
        Map<String, String> hashes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = f.getFileName().toString();
                if (!name.startsWith("memories.db")) {
                    hashes.put(name, sha256(Files.readAllBytes(f)));
                }
            }
        }
        return new FileSnapshot(dir, hashes);
    }

    /** Every file of this snapshot is still in the directory with the same bytes (new files are allowed). */
    public void assertAllStillThere() throws IOException {
        FileSnapshot now = of(dir);
        for (Map.Entry<String, String> e : hashes.entrySet()) {
            assertTrue(now.hashes.containsKey(e.getKey()), "file " + dir.resolve(e.getKey()) + " was deleted");
            assertEquals(e.getValue(), now.hashes.get(e.getKey()), "file " + dir.resolve(e.getKey()) + " changed");
        }
    }

    public int size() {
        return hashes.size();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
