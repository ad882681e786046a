package io.memoryd.memory.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The modes of what memoryd creates in a workspace ({@code memory/} and {@code .memoryd/}): files 0600 and
 * directories 0700, since transcripts and summaries are their user's alone. Only creation uses them; a
 * file or directory that already exists keeps its mode.
 */
public final class PrivateFiles {

    /** {@code rw-------}. */
    public static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");

    /** {@code rwx------}. */
    public static final Set<PosixFilePermission> DIRECTORY_MODE = PosixFilePermissions.fromString("rwx------");

    private static final FileAttribute<Set<PosixFilePermission>> FILE = PosixFilePermissions.asFileAttribute(FILE_MODE);
    private static final FileAttribute<Set<PosixFilePermission>> DIRECTORY =
            PosixFilePermissions.asFileAttribute(DIRECTORY_MODE);

    private PrivateFiles() {
    }

    /** The attribute that creates a file 0600 (the process umask can only narrow it). */
    public static FileAttribute<Set<PosixFilePermission>> file() {
        return FILE;
    }

    /** The attribute that creates a directory 0700 (the process umask can only narrow it). */
    public static FileAttribute<Set<PosixFilePermission>> directory() {
        return DIRECTORY;
    }

    /** Creates {@code directory} and its missing parents 0700; existing ones are left as they are. */
    public static Path createDirectories(Path directory) throws IOException {
        return Files.createDirectories(directory, DIRECTORY);
    }
}
