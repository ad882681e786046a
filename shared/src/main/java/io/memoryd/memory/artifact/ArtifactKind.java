package io.memoryd.memory.artifact;

import java.util.Optional;

/** The four canonical artifact kinds that live as files in {@code memory/} (docs/format.md §2.1). */
public enum ArtifactKind {
    SUMMARY("summary", 3),
    TRANSCRIPT("transcript", 1),
    COMPACTION("compaction", 2),
    MANIFEST("manifest", 0);

    private final String wireName;
    private final int ledgerRank;

    ArtifactKind(String wireName, int ledgerRank) {
        this.wireName = wireName;
        this.ledgerRank = ledgerRank;
    }

    /** The name used in front matter, file names and the {@code source_kind} column. */
    public String wireName() {
        return wireName;
    }

    /** Preference when picking a session's ledger row: summary over compaction over transcript. */
    public int ledgerRank() {
        return ledgerRank;
    }

    /** Whether writes of this kind are refused once the file exists with other content. */
    public boolean immutable() {
        return this != MANIFEST;
    }

    /** The kind with this wire name, if any. */
    public static Optional<ArtifactKind> fromWireName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        for (ArtifactKind kind : values()) {
            if (kind.wireName.equals(name)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }
}
