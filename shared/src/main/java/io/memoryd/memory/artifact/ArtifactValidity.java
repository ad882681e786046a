package io.memoryd.memory.artifact;

import io.memoryd.memory.text.JsWhitespace;
import java.util.Optional;

/**
 * The index's validity rules for a canonical artifact file (docs/format.md §4.5). A file that fails any rule
 * is not indexed and loses its existing rows.
 */
public final class ArtifactValidity {

    public static final String HASH_SCOPE = "body-normalized-v1";
    public static final String SANITIZER_VERSION = "sanitize_transcript_v1";

    private ArtifactValidity() {
    }

    /** The first rule the file breaks, or empty when it is valid. */
    public static Optional<String> violation(String relativePath, FrontMatter fm, String normalizedBody) {
        String kindText = fm.stringOrNull("kind");
        Optional<ArtifactKind> kind = JsWhitespace.isBlank(kindText) ? Optional.empty()
                : ArtifactKind.fromWireName(kindText);
        if (kind.isEmpty()) {
            return Optional.of("kind is missing or not one of summary, transcript, compaction, manifest");
        }
        for (String key : new String[] {"agent_id", "session_id", "captured_at", "hash_scope", "content_sha256"}) {
            if (JsWhitespace.isBlank(fm.stringOrNull(key))) {
                return Optional.of(key + " is missing or blank");
            }
        }
        if (!HASH_SCOPE.equals(fm.stringOrNull("hash_scope"))) {
            return Optional.of("hash_scope is not " + HASH_SCOPE);
        }
        if (!ArtifactBody.sha256(normalizedBody).equals(fm.stringOrNull("content_sha256"))) {
            return Optional.of("content_sha256 does not match the body");
        }
        if (kind.get() == ArtifactKind.TRANSCRIPT && !SANITIZER_VERSION.equals(fm.stringOrNull("sanitizer_version"))) {
            return Optional.of("transcript without sanitizer_version " + SANITIZER_VERSION);
        }
        if (kind.get() != ArtifactKind.MANIFEST) {
            String manifestPath = fm.stringOrNull("manifest_path");
            if (JsWhitespace.isBlank(manifestPath) || !manifestPath.startsWith("memory/")) {
                return Optional.of("manifest_path is missing or not under memory/");
            }
        }
        if (!relativePath.startsWith("memory/") || !relativePath.endsWith("--" + kind.get().wireName() + ".md")) {
            return Optional.of("file name kind does not match front-matter kind " + kind.get().wireName());
        }
        return Optional.empty();
    }
}
