package io.memoryd.memory.artifact;

import io.memoryd.memory.text.JsWhitespace;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The 16-character session token that ties a session's files together (docs/format.md §2.3): base32 of the
 * SHA-256 of {@code <agentId>:<trimmed sessionId>}.
 */
public final class SessionToken {

    /** Matches a token embedded in a path, e.g. {@code --yruajzz2ynbltkjz--}. */
    public static final Pattern IN_PATH = Pattern.compile("--([a-z2-7]{16})--");

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int LENGTH = 16;

    private SessionToken() {
    }

    /** Token for a session; the session id is trimmed, the agent id is not. */
    public static String of(String agentId, String sessionId) {
        byte[] digest = sha256((agentId + ":" + JsWhitespace.trim(sessionId)).getBytes(StandardCharsets.UTF_8));
        StringBuilder out = new StringBuilder(LENGTH);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; out.length() < LENGTH; i++) {
            buffer = (buffer << 8) | (digest[i] & 0xFF);
            bits += 8;
            while (bits >= 5 && out.length() < LENGTH) {
                out.append(ALPHABET[(buffer >> (bits - 5)) & 0x1F]);
                bits -= 5;
            }
        }
        return out.toString();
    }

    /** The first token embedded in a path or file name. */
    public static Optional<String> findIn(String path) {
        Matcher m = IN_PATH.matcher(path);
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }
}
