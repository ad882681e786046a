package io.memoryd.memory.noise;

import io.memoryd.memory.text.JsWhitespace;
import java.util.List;
import java.util.Locale;

/**
 * Tells temp/test sessions ("noise") from real ones (docs/format.md §7.1): a {@code /tmp/} project is noise,
 * any other real project is not, else synthetic session keys/ids or the {@code test} harness are noise.
 */
public final class SessionNoise {

    private static final List<String> TEMP_PREFIXES = List.of("/tmp/", "/private/tmp/");
    private static final List<String> SYNTHETIC_PREFIXES = List.of("test-", "spec-", "fixture-", "synthetic-", "tmp-");

    private SessionNoise() {
    }

    /** Whether the project is a temp directory. */
    public static boolean isTempProject(String project) {
        String p = clean(project);
        return p != null && TEMP_PREFIXES.stream().anyMatch(p::startsWith);
    }

    /** Whether a session with these attributes is noise; any argument may be null. */
    public static boolean isNoise(String project, String sessionKey, String sessionId, String harness) {
        if (isTempProject(project)) {
            return true;
        }
        if (clean(project) != null) {
            return false;
        }
        if (isSynthetic(sessionKey) || isSynthetic(sessionId)) {
            return true;
        }
        String h = clean(harness);
        return h != null && h.toLowerCase(Locale.ROOT).equals("test");
    }

    private static boolean isSynthetic(String id) {
        String v = clean(id);
        if (v == null) {
            return false;
        }
        String lower = v.toLowerCase(Locale.ROOT);
        return SYNTHETIC_PREFIXES.stream().anyMatch(lower::startsWith);
    }

    private static String clean(String value) {
        return JsWhitespace.isBlank(value) ? null : JsWhitespace.trim(value);
    }
}
