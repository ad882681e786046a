package io.memoryd.memory.artifact;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Body normalization and the {@code body-normalized-v1} hash (docs/format.md §2.4); "sanitize transcript v1"
 * is the same normalization.
 */
public final class ArtifactBody {

    /** Hash of the empty body. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    private ArtifactBody() {
    }

    /** Unifies line ends, strips trailing spaces/tabs per line and drops trailing empty lines. */
    public static String normalize(String body) {
        String text = body.indexOf('\r') >= 0 ? body.replace("\r\n", "\n").replace('\r', '\n') : body;
        StringBuilder out = new StringBuilder(text.length());
        int lastNonEmptyEnd = 0;
        int start = 0;
        while (true) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl;
            int trimmed = end;
            while (trimmed > start && (text.charAt(trimmed - 1) == ' ' || text.charAt(trimmed - 1) == '\t')) {
                trimmed--;
            }
            if (start > 0) {
                out.append('\n');
            }
            out.append(text, start, trimmed);
            if (trimmed > start) {
                lastNonEmptyEnd = out.length();
            }
            if (nl < 0) {
                break;
            }
            start = nl + 1;
        }
        out.setLength(lastNonEmptyEnd);
        return out.toString();
    }

    /** Lower-case hex SHA-256 of the UTF-8 bytes of {@code text} (not normalized here). */
    public static String sha256(String text) {
        return HexFormat.of().formatHex(SessionToken.sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Hash of the normalized form of {@code body}. */
    public static String normalizedSha256(String body) {
        return sha256(normalize(body));
    }
}
