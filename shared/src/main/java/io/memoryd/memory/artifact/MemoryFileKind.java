package io.memoryd.memory.artifact;


/**
 * What a file directly inside {@code memory/} is to memoryd, from its name alone (docs/format.md
 * §2.12): a canonical artifact, a hand-made note, or something to ignore (the database and its WAL/SHM/
 * journal, MEMORY.md and its backups, temp files of atomic writes, artifact-looking names).
 */
public enum MemoryFileKind {
    ARTIFACT,
    NOTE,
    IGNORED;

    /** Prefix of the files a watcher creates and deletes at once to flush its event queue. */
    public static final String SYNC_PREFIX = ".memoryd-sync-";

    public static MemoryFileKind of(String name) {
        if (ArtifactFileName.matches(name)) {
            return ARTIFACT;
        }
        if (!name.endsWith(".md") || name.startsWith(".") || name.equals("MEMORY.md")
                || name.contains(".tmp-") || ArtifactFileName.looksLikeArtifact(name)
                || ArtifactFileName.isBackup(name)) {
            return IGNORED;
        }
        return NOTE;
    }
}
