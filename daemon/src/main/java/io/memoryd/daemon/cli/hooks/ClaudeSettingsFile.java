package io.memoryd.daemon.cli.hooks;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.memoryd.memory.artifact.AtomicFileWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Claude Code's settings.json on disk: read strictly ({@link StrictJson}, then {@link ClaudeHookEntries#check}),
 * backed up, and rewritten atomically (a temp file in the same directory renamed over it, keeping its mode;
 * a new file is created 0600, its missing parents 0700, since settings may hold credentials in {@code env}).
 * A symbolic link (settings kept in a dotfiles repository) is followed: the file it points to is backed up and
 * replaced, and the link stays. Not thread-safe; nothing stops Claude Code from writing the file at the same
 * moment, which is why the backup is taken first.
 */
final class ClaudeSettingsFile {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    /** The backup's name: {@code settings.json.memoryd-backup-20250131T120000Z}. */
    static final String BACKUP_INFIX = ".memoryd-backup-";

    private final Path path;
    private final Path target;
    private final boolean exists;

    private ClaudeSettingsFile(Path path, Path target, boolean exists) {
        this.path = path;
        this.target = target;
        this.exists = exists;
    }

    /**
     * The settings file named {@code path} (which need not exist).
     *
     * @throws SettingsRefused when it is a directory or something else that is not a regular file, or a
     *     symbolic link to nothing
     */
    static ClaudeSettingsFile at(Path path) throws IOException, SettingsRefused {
        Path absolute = path.toAbsolutePath();
        if (Files.exists(absolute)) {
            Path real = absolute.toRealPath();
            if (!Files.isRegularFile(real)) {
                throw new SettingsRefused(absolute, "is not a regular file");
            }
            return new ClaudeSettingsFile(absolute, real, true);
        }
        if (Files.isSymbolicLink(absolute)) {
            throw new SettingsRefused(absolute, "is a symbolic link to " + Files.readSymbolicLink(absolute)
                    + ", which does not exist");
        }
        return new ClaudeSettingsFile(absolute, absolute, false);
    }

    /** The path as given (absolute): what messages name. */
    Path path() {
        return path;
    }

    /** Whether the file exists (else {@link #read} answers an empty object and nothing is backed up). */
    boolean exists() {
        return exists;
    }

    /**
     * The settings: an empty object when the file is missing or holds only whitespace (as a file just
     * touched does).
     *
     * @throws SettingsRefused when the file is not UTF-8 JSON shaped as Claude Code documents its settings
     */
    JsonObject read() throws IOException, SettingsRefused {
        if (!exists) {
            return new JsonObject();
        }
        String text;
        try {
            // A fresh decoder reports malformed input instead of replacing it, which rewriting would make permanent.
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(Files.readAllBytes(target))).toString();
        } catch (CharacterCodingException e) {
            throw new SettingsRefused(path, "is not UTF-8 text");
        }
        if (text.isBlank()) {
            return new JsonObject();
        }
        JsonElement settings;
        try {
            settings = StrictJson.parse(text);
        } catch (IllegalArgumentException e) {
            throw new SettingsRefused(path, "is not valid JSON (" + e.getMessage() + ")");
        }
        Optional<String> problem = ClaudeHookEntries.check(settings);
        if (problem.isPresent()) {
            throw new SettingsRefused(path, problem.get());
        }
        return settings.getAsJsonObject();
    }

    /**
     * Copies the file, mode and times included, to {@code <file>.memoryd-backup-<UTC time>} next to it (a
     * {@code -2}, {@code -3}… suffix when that exists already); returns the copy.
     */
    Path backup(Instant now) throws IOException {
        String base = target.getFileName() + BACKUP_INFIX + STAMP.format(now);
        for (int n = 1; ; n++) {
            Path backup = target.resolveSibling(n == 1 ? base : base + "-" + n);
            try {
                return Files.copy(target, backup, StandardCopyOption.COPY_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            } catch (FileAlreadyExistsException e) {
                // taken by an earlier backup in the same second: try the next suffix
            }
        }
    }

    /** Replaces the file with {@code settings} atomically (creating it and its directory when missing). */
    void write(JsonObject settings) {
        new AtomicFileWriter(true).write(target, StrictJson.print(settings));
    }
}
