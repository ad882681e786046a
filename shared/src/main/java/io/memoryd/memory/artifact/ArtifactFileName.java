package io.memoryd.memory.artifact;

import java.util.regex.Pattern;

/**
 * The one file-name rule for canonical artifacts ({@code <fsTime>--<token>--<kind>.md}, memory-model §2.2),
 * shared by the index, the writers and (later) the watcher.
 */
public final class ArtifactFileName {

    private static final Pattern LISTING = Pattern.compile(
            "^\\d{4}-\\d{2}-\\d{2}T.*--[a-z2-7]{16}--(summary|transcript|compaction|manifest)\\.md$");

    private static final Pattern LOOSE = Pattern.compile(".*--(summary|transcript|compaction|manifest)\\.md$");
    private static final Pattern BACKUP = Pattern.compile("^MEMORY\\.(backup|bak|pre)-.+\\.md$");

    private ArtifactFileName() {
    }

    /** Whether a bare file name is a canonical artifact name. */
    public static boolean matches(String fileName) {
        return LISTING.matcher(fileName).matches();
    }

    /**
     * Whether a name looks like an artifact (ends {@code --<kind>.md}) even when it is not canonical: such a
     * file is never a hand-made note (daemon-behaviour §4.7).
     */
    public static boolean looksLikeArtifact(String fileName) {
        return LOOSE.matcher(fileName).matches();
    }

    /** Whether a name is a MEMORY.md backup ({@code MEMORY.backup-*.md}, {@code .bak-}, {@code .pre-}). */
    public static boolean isBackup(String fileName) {
        return BACKUP.matcher(fileName).matches();
    }

    /** The file name for a session artifact; every {@code :} of the capture time becomes {@code -}. */
    public static String of(String capturedAt, String token, ArtifactKind kind) {
        return capturedAt.replace(':', '-') + "--" + token + "--" + kind.wireName() + ".md";
    }
}
