package io.memoryd.memory.artifact;

import io.memoryd.memory.text.IsoTime;
import java.util.regex.Pattern;

/**
 * The one file-name rule for canonical artifacts ({@code <fsTime>--<token>--<kind>.md}, docs/format.md §2.2),
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
     * file is never a hand-made note (docs/format.md §2.12).
     */
    public static boolean looksLikeArtifact(String fileName) {
        return LOOSE.matcher(fileName).matches();
    }

    /** Whether a name is a MEMORY.md backup ({@code MEMORY.backup-*.md}, {@code .bak-}, {@code .pre-}). */
    public static boolean isBackup(String fileName) {
        return BACKUP.matcher(fileName).matches();
    }

    /**
     * The file name for a session artifact; every {@code :} of the capture time becomes {@code -}. The time
     * must be canonical ({@link IsoTime#isCanonical}): a lenient shape such as {@code 2026-04-29t10:00Z} or
     * a bare date would give a name the listing rule never matches, and the session would drop out of the
     * index at its next full pass.
     *
     * @throws IllegalArgumentException naming the time when it is not canonical
     */
    public static String of(String capturedAt, String token, ArtifactKind kind) {
        if (!IsoTime.isCanonical(capturedAt)) {
            throw new IllegalArgumentException("Cannot name a " + kind.wireName() + " file by the capture time \""
                    + capturedAt + "\": it is not in the canonical form yyyy-MM-ddTHH:mm:ss.SSSZ");
        }
        return capturedAt.replace(':', '-') + "--" + token + "--" + kind.wireName() + ".md";
    }
}
