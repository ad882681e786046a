package io.memoryd.memory.db;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.util.LibraryLoaderUtil;

class SqliteNativeLibraryTest {

    @TempDir
    Path dir;

    private static byte[] jarBytes(String resource) throws Exception {
        try (InputStream in = SqliteNativeLibraryTest.class.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    private static String platformResource() {
        return LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName();
    }

    @Test
    void theCopyHoldsTheJarsLibraryInAPrivateVersionedDirectory() throws Exception {
        Path copy = new SqliteNativeLibrary(dir).copy().orElseThrow();

        assertArrayEquals(jarBytes(platformResource()), Files.readAllBytes(copy));
        assertTrue(copy.getParent().getFileName().toString().startsWith("sqlite-jdbc-"), copy.toString());
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy.getParent())));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
    }

    @Test
    void aSecondUseReusesTheCopyWithoutWritingIt() throws Exception {
        Path first = new SqliteNativeLibrary(dir).copy().orElseThrow();
        Object inode = Files.getAttribute(first, "unix:ino");

        Path second = new SqliteNativeLibrary(dir).copy().orElseThrow();

        assertEquals(first, second);
        assertEquals(inode, Files.getAttribute(second, "unix:ino"));
        try (Stream<Path> files = Files.list(first.getParent())) {
            assertEquals(1, files.count(), "no partial files are left behind");
        }
    }

    @Test
    void aPartialCopyIsReplacedByAWholeOne() throws Exception {
        Path copy = new SqliteNativeLibrary(dir).copy().orElseThrow();
        byte[] whole = Files.readAllBytes(copy);
        Files.write(copy, java.util.Arrays.copyOf(whole, whole.length / 2));

        Path again = new SqliteNativeLibrary(dir).copy().orElseThrow();

        assertArrayEquals(whole, Files.readAllBytes(again));
    }

    @Test
    void aCorruptCopyOfTheRightSizeIsReplaced() throws Exception {
        Path copy = new SqliteNativeLibrary(dir).copy().orElseThrow();
        byte[] whole = Files.readAllBytes(copy);
        byte[] corrupt = whole.clone();
        corrupt[corrupt.length / 2] ^= 0x5a;
        Files.write(copy, corrupt);

        Path again = new SqliteNativeLibrary(dir).copy().orElseThrow();

        assertArrayEquals(whole, Files.readAllBytes(again));
    }

    @Test
    void aCopyWritableByOthersIsMadeAgainPrivate() throws Exception {
        Path copy = new SqliteNativeLibrary(dir).copy().orElseThrow();
        Object inode = Files.getAttribute(copy, "unix:ino");
        Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-rw-rw-"));

        Path again = new SqliteNativeLibrary(dir).copy().orElseThrow();

        assertNotEquals(inode, Files.getAttribute(again, "unix:ino"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(again)));
    }

    @Test
    void aNewLibraryVersionGetsADirectoryOfItsOwn() throws Exception {
        Path one = new SqliteNativeLibrary(dir, platformResource(), "1.0").copy().orElseThrow();
        Path two = new SqliteNativeLibrary(dir, platformResource(), "2.0").copy().orElseThrow();

        assertNotEquals(one.getParent(), two.getParent());
    }

    @Test
    void aPlatformWithoutALibraryInTheJarHasNoCopy() throws Exception {
        assertTrue(new SqliteNativeLibrary(dir, "/org/sqlite/native/NoSuchOs/libnone.so", "1.0").copy().isEmpty());
    }

    @Test
    void usingItPointsSqliteJdbcAtTheCopy() throws Exception {
        String path = System.clearProperty(SqliteNativeLibrary.PATH_PROPERTY);
        String name = System.clearProperty(SqliteNativeLibrary.NAME_PROPERTY);
        try {
            new SqliteNativeLibrary(dir).useForThisProcess();

            Path named = Path.of(System.getProperty(SqliteNativeLibrary.PATH_PROPERTY),
                    System.getProperty(SqliteNativeLibrary.NAME_PROPERTY));
            assertEquals(new SqliteNativeLibrary(dir).copy().orElseThrow(), named);
        } finally {
            restore(SqliteNativeLibrary.PATH_PROPERTY, path);
            restore(SqliteNativeLibrary.NAME_PROPERTY, name);
        }
    }

    @Test
    void aLibraryTheProcessAlreadyNamedIsLeftAlone() throws Exception {
        String path = System.getProperty(SqliteNativeLibrary.PATH_PROPERTY);
        System.setProperty(SqliteNativeLibrary.PATH_PROPERTY, "/opt/own-sqlite");
        try {
            new SqliteNativeLibrary(dir).useForThisProcess();

            assertEquals("/opt/own-sqlite", System.getProperty(SqliteNativeLibrary.PATH_PROPERTY));
            assertTrue(Files.notExists(dir.resolve("sqlite-jdbc-" + org.sqlite.SQLiteJDBCLoader.getVersion())),
                    "no copy is made");
            try (Stream<Path> files = Files.list(dir)) {
                assertEquals(0, files.count());
            }
        } finally {
            restore(SqliteNativeLibrary.PATH_PROPERTY, path);
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
