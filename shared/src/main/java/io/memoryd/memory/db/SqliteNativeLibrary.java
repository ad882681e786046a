package io.memoryd.memory.db;

import io.memoryd.memory.workspace.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Optional;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteJDBCLoader;
import org.sqlite.util.LibraryLoaderUtil;

/**
 * A persistent, private copy of sqlite-jdbc's native library, so that a process loads it from disk instead
 * of extracting it from the jar to a new temporary file at every start (about 0.3 s of every renderer's,
 * daemon's and render command's start). The copy lives in a directory named after the sqlite-jdbc version
 * and the library's CRC-32 (a new driver means a new directory), is made once by writing a temporary file,
 * forcing it to disk, checking it and renaming it into place (so a reader sees a whole copy or none), and is
 * checked at every use against the jar's entry (size and CRC-32); a copy that fails the check, is writable by
 * others or is missing is made again. {@link #useForThisProcess} points sqlite-jdbc at it through its
 * {@code org.sqlite.lib.path} and {@code org.sqlite.lib.name} system properties; when anything goes wrong
 * sqlite-jdbc simply extracts the library as it always did. Thread-safe: it keeps no mutable state, and two
 * processes making the copy at once each rename a whole file into place.
 */
public final class SqliteNativeLibrary {

    /** sqlite-jdbc's property naming the directory of the native library to load. */
    public static final String PATH_PROPERTY = "org.sqlite.lib.path";
    /** sqlite-jdbc's property naming the native library's file in that directory. */
    public static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private static final Logger log = LoggerFactory.getLogger(SqliteNativeLibrary.class);
    private static final Set<PosixFilePermission> OTHERS_WRITE = Set.of(PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_WRITE);

    private final Path cacheDir;
    private final String resource;
    private final String version;

    /** The copy of this platform's library, kept under {@code cacheDir} (created 0700 when missing). */
    public SqliteNativeLibrary(Path cacheDir) {
        this(cacheDir, LibraryLoaderUtil.getNativeLibResourcePath() + "/" + LibraryLoaderUtil.getNativeLibName(),
                SQLiteJDBCLoader.getVersion());
    }

    /** For tests: any class-path resource stands in for the library. */
    SqliteNativeLibrary(Path cacheDir, String resource, String version) {
        this.cacheDir = cacheDir;
        this.resource = resource.startsWith("/") ? resource : "/" + resource;
        this.version = version;
    }

    /**
     * Points sqlite-jdbc at the copy (made now if needed) unless this process already named a library; call
     * it before the first connection. Never fails: without a copy sqlite-jdbc extracts the library itself.
     */
    public void useForThisProcess() {
        if (System.getProperty(PATH_PROPERTY) != null) {
            return;
        }
        try {
            Optional<Path> copy = copy();
            if (copy.isPresent()) {
                System.setProperty(NAME_PROPERTY, copy.get().getFileName().toString());
                System.setProperty(PATH_PROPERTY, copy.get().getParent().toString());
            }
        } catch (IOException | RuntimeException e) {
            log.warn("no persistent copy of the SQLite native library in {} ({}); it is extracted at every start",
                    cacheDir, e.toString());
        }
    }

    /**
     * The checked copy, made (or made again) when missing, damaged or writable by others; empty when the jar
     * holds no library for this platform.
     */
    public Optional<Path> copy() throws IOException {
        URL url = SqliteNativeLibrary.class.getResource(resource);
        if (url == null) {
            return Optional.empty();
        }
        Entry expected = entryOf(url);
        String fileName = resource.substring(resource.lastIndexOf('/') + 1);
        Path dir = cacheDir.resolve("sqlite-jdbc-" + version.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + Long.toHexString(expected.crc()));
        Path target = dir.resolve(fileName);
        if (intact(target, expected)) {
            return Optional.of(target);
        }
        PrivateFiles.createDirectories(dir);
        Path partial = Files.createTempFile(dir, ".partial-", ".tmp", PrivateFiles.file());
        try {
            try (InputStream in = url.openStream();
                    OutputStream out = Files.newOutputStream(partial, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            try (FileChannel channel = FileChannel.open(partial, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            if (!intact(partial, expected)) {
                throw new IOException("the copy of " + resource + " does not match the jar's entry");
            }
            Files.move(partial, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(partial);
        }
        log.debug("made a persistent copy of the SQLite native library at {}", target);
        return Optional.of(target);
    }

    /** The size and CRC-32 a whole copy has: from the jar's directory when the resource is in a jar, else read. */
    private static Entry entryOf(URL url) throws IOException {
        URLConnection connection = url.openConnection();
        if (connection instanceof JarURLConnection jar) {
            JarEntry entry = jar.getJarEntry();
            if (entry.getSize() >= 0 && entry.getCrc() >= 0) {
                return new Entry(entry.getSize(), entry.getCrc());
            }
        }
        try (InputStream in = connection.getInputStream()) {
            return crcOf(in);
        }
    }

    private static boolean intact(Path file, Entry expected) throws IOException {
        if (!Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(file) != expected.size()) {
            return false;
        }
        Set<PosixFilePermission> modes = Files.getPosixFilePermissions(file);
        Set<PosixFilePermission> dirModes = Files.getPosixFilePermissions(file.getParent());
        if (modes.stream().anyMatch(OTHERS_WRITE::contains) || dirModes.stream().anyMatch(OTHERS_WRITE::contains)) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return crcOf(in).equals(expected);
        }
    }

    private static Entry crcOf(InputStream in) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        for (int n; (n = in.read(buffer)) > 0; ) {
            crc.update(buffer, 0, n);
            size += n;
        }
        return new Entry(size, crc.getValue());
    }

    /** What a whole copy looks like. */
    private record Entry(long size, long crc) {
    }
}
