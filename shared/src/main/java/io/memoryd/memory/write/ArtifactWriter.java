package io.memoryd.memory.write;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.artifact.ArtifactDocument;
import io.memoryd.memory.artifact.ArtifactFileName;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.artifact.ArtifactKind;
import io.memoryd.memory.artifact.ArtifactReadException;
import io.memoryd.memory.artifact.ArtifactValidity;
import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.artifact.FrontMatter;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.artifact.ImmutableArtifactException;
import io.memoryd.memory.artifact.SessionToken;
import io.memoryd.memory.db.ArtifactRepository;
import io.memoryd.memory.db.ArtifactRow;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.index.FileFingerprint;
import io.memoryd.memory.lock.ScopeLocks;
import io.memoryd.memory.sentence.MemorySentence;
import io.memoryd.memory.sentence.MemorySentences;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.text.JsWhitespace;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the immutable session artifacts (summary, transcript, compaction) and the index rows that have
 * no file of their own (JSONL transcripts, native memory), per docs/format.md §4.6–4.7 and §5.
 *
 * <p>Session times are accepted in every shape docs/format.md §9.1 allows and written in the canonical form, so a
 * file name always matches the listing rule. An immutable artifact is checked and published under the
 * agent's scope lock and never by replacing a file: of two concurrent writes of one artifact with different
 * text, exactly one succeeds and the other gets {@code content mismatch} (docs/format.md §2.8).
 * Thread-safe.
 */
public final class ArtifactWriter {

    private static final Logger log = LoggerFactory.getLogger(ArtifactWriter.class);

    private final WorkspaceLayout layout;
    private final MemoryDatabase db;
    private final ManifestStore manifests;
    private final MemorySentences sentences;
    private final AtomicFileWriter writer;
    private final ArtifactFileReader reader;
    private final Clock clock;
    private final ScopeLocks locks;
    private final ZoneId localZone;

    /** @param localZone the zone of session times written without one (docs/format.md §9.1) */
    public ArtifactWriter(WorkspaceLayout layout, MemoryDatabase db, ManifestStore manifests, MemorySentences sentences,
            AtomicFileWriter writer, ArtifactFileReader reader, Clock clock, ScopeLocks locks, ZoneId localZone) {
        this.layout = layout;
        this.db = db;
        this.manifests = manifests;
        this.sentences = sentences;
        this.writer = writer;
        this.reader = reader;
        this.clock = clock;
        this.locks = locks;
        this.localZone = localZone;
    }

    /**
     * Writes (or verifies) the session's summary; the manifest is created if needed but not changed.
     *
     * @throws InvalidTimeException naming the field when a session time is not a time
     * @throws ImmutableArtifactException when a different summary of the session exists (docs/format.md §2.8)
     */
    public WrittenArtifact writeSummary(SessionInput raw) {
        SessionInput input = raw.withCanonicalTimes(localZone);
        LoadedManifest manifest = manifests.ensure(input);
        String body = ArtifactBody.normalize(input.text());
        MemorySentence sentence = sentences.resolve(body, input.project(), input.harness(), "summary");
        return new WrittenArtifact(manifest.relativePath(),
                writeImmutable(ArtifactKind.SUMMARY, input, manifest, body, sentence));
    }

    /** Writes (or verifies) the session's sanitized transcript; its sentence is always the fallback. */
    public WrittenArtifact writeTranscript(SessionInput raw) {
        SessionInput input = raw.withCanonicalTimes(localZone);
        LoadedManifest manifest = manifests.ensure(input);
        String body = ArtifactBody.normalize(input.text());
        MemorySentence sentence = new MemorySentence(
                MemorySentences.fallback(body, input.project(), input.harness(), "transcript"),
                MemorySentence.FALLBACK, IsoTime.format(clock.instant()));
        return new WrittenArtifact(manifest.relativePath(),
                writeImmutable(ArtifactKind.TRANSCRIPT, input, manifest, body, sentence));
    }

    /** Writes the compaction summary and records it (and the new {@code ended_at}) in the manifest. */
    public WrittenArtifact writeCompaction(SessionInput raw) {
        SessionInput input = raw.withCanonicalTimes(localZone);
        LoadedManifest manifest = manifests.ensure(input);
        String body = ArtifactBody.normalize(input.text());
        MemorySentence sentence = sentences.resolve(body, input.project(), input.harness(), "compaction");
        String path = writeImmutable(ArtifactKind.COMPACTION, input, manifest, body, sentence);
        manifests.update(input.agent(), manifest.file(), fm -> fm.toBuilder()
                .put("compaction_path", path)
                .put("ended_at", input.endedAt())
                .build());
        return new WrittenArtifact(manifest.relativePath(), path);
    }

    private String writeImmutable(ArtifactKind kind, SessionInput input, LoadedManifest manifest, String body,
            MemorySentence sentence) {
        String token = SessionToken.of(input.agent().value(), input.sessionId());
        String capturedAt = manifestCaptureTime(manifest).orElse(input.capturedAt());
        Path file = layout.memoryDir().resolve(ArtifactFileName.of(capturedAt, token, kind));
        FrontMatter.Builder fm = FrontMatter.builder()
                .put("kind", kind.wireName())
                .put("agent_id", input.agent().value())
                .put("session_id", input.sessionId())
                .put("session_key", input.sessionKey())
                .put("project", input.project())
                .put("harness", input.harness())
                .put("captured_at", capturedAt)
                .put("started_at", input.startedAt())
                .put("ended_at", input.endedAt())
                .put("manifest_path", manifest.relativePath())
                .put("source_node_id", null)
                .put("content_sha256", ArtifactBody.sha256(body))
                .put("hash_scope", ArtifactValidity.HASH_SCOPE)
                .put("memory_sentence", sentence.text())
                .put("memory_sentence_version", MemorySentence.VERSION)
                .put("memory_sentence_quality", sentence.quality())
                .put("memory_sentence_generated_at", sentence.generatedAt());
        if (kind == ArtifactKind.TRANSCRIPT) {
            fm.put("sanitizer_version", ArtifactValidity.SANITIZER_VERSION);
        }
        FrontMatter frontMatter = fm.build();
        // Under the agent's lock and without replacing: a writer that does not take the lock (another
        // tool, the reference) and publishes the same name first makes this one verify its file instead.
        locks.withLock(input.agent().value(), () -> {
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)
                    || !writer.writeNew(file, FrontMatterCodec.document(frontMatter, body))) {
                verifyExisting(file, frontMatter, body);
            }
        });
        ArtifactDocument written = readDocument(file);
        FileFingerprint fp;
        try {
            fp = FileFingerprint.of(file);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot stat " + file + " after writing it", e);
        }
        ArtifactRow row = ArtifactRow.from(layout, file.toString(), written.frontMatter(),
                ArtifactBody.normalize(written.body()), fp.mtimeMillis(), ArtifactRow.Trust.NONE,
                IsoTime.format(clock.instant()));
        db.write("Indexing " + file, c -> {
            ArtifactRepository.upsert(c, row);
            return null;
        });
        return layout.relativize(file);
    }

    /**
     * The manifest's {@code captured_at} in canonical form (docs/format.md §2.7: it names and dates every file of the
     * session); empty when blank, and when it is not a time, with a warning, so the write's own time is used.
     */
    private Optional<String> manifestCaptureTime(LoadedManifest manifest) {
        String raw = manifest.capturedAt();
        if (JsWhitespace.isBlank(raw)) {
            return Optional.empty();
        }
        Optional<String> canonical = IsoTime.canonical(raw, localZone);
        if (canonical.isEmpty()) {
            log.warn("Manifest {} has captured_at \"{}\", which is not a time; its session's new files are named by"
                    + " the write's captured_at", manifest.file(), raw);
        }
        return canonical;
    }

    private void verifyExisting(Path file, FrontMatter wanted, String body) {
        ArtifactDocument existing = readDocument(file);
        FrontMatter fm = existing.frontMatter();
        for (String key : new String[] {"kind", "agent_id", "session_id", "hash_scope"}) {
            if (!Objects.equals(fm.get(key), wanted.get(key)) || !fm.containsKey(key)) {
                throw new ImmutableArtifactException(file, ImmutableArtifactException.Reason.IDENTITY_MISMATCH);
            }
        }
        String existingHash = ArtifactBody.normalizedSha256(existing.body());
        String declared = fm.stringOrNull("content_sha256");
        if (declared != null && !declared.isEmpty() && !declared.equals(existingHash)) {
            throw new ImmutableArtifactException(file, ImmutableArtifactException.Reason.CHECKSUM_MISMATCH);
        }
        if (!existingHash.equals(ArtifactBody.sha256(body))) {
            throw new ImmutableArtifactException(file, ImmutableArtifactException.Reason.CONTENT_MISMATCH);
        }
    }

    private ArtifactDocument readDocument(Path file) {
        try {
            return FrontMatterCodec.parse(reader.read(file));
        } catch (ArtifactReadException e) {
            throw new IllegalStateException("Cannot read artifact " + e.getMessage(), e);
        }
    }

    /**
     * Indexes a session's transcript held in the harness's shared JSONL file as a pseudo-row
     * {@code memory/<slug>/transcripts/transcript.jsonl#<token>} (docs/format.md §4.7).
     */
    public String indexTranscriptJsonl(SessionInput raw) {
        SessionInput input = raw.withCanonicalTimes(localZone);
        LoadedManifest manifest = manifests.ensure(input);
        String token = SessionToken.of(input.agent().value(), input.sessionId());
        String jsonl = "memory/" + ManifestStore.harnessSlug(input.harness() == null ? "" : input.harness())
                + "/transcripts/transcript.jsonl";
        Path jsonlFile = layout.resolve(jsonl);
        double mtime;
        try {
            mtime = FileFingerprint.of(jsonlFile).mtimeMillis();
        } catch (IOException e) {
            mtime = clock.millis();
        }
        String body = ArtifactBody.normalize(input.text());
        String now = IsoTime.format(clock.instant());
        FrontMatter fm = FrontMatter.builder()
                .put("agent_id", input.agent().value())
                .put("source_path", jsonl + "#" + token)
                .put("kind", ArtifactKind.TRANSCRIPT.wireName())
                .put("session_id", input.sessionId())
                .put("session_key", input.sessionKey())
                .put("project", input.project())
                .put("harness", input.harness())
                .put("captured_at", input.capturedAt())
                .put("started_at", input.startedAt())
                .put("ended_at", input.endedAt())
                .put("manifest_path", manifest.relativePath())
                .put("updated_at", now)
                .put("source_node_id", null)
                .put("content_sha256", ArtifactBody.sha256(body))
                .put("hash_scope", ArtifactValidity.HASH_SCOPE)
                .put("sanitizer_version", ArtifactValidity.SANITIZER_VERSION)
                .put("memory_sentence", MemorySentences.fallback(body, input.project(), input.harness(), "transcript"))
                .put("memory_sentence_quality", MemorySentence.FALLBACK)
                .build();
        ArtifactRow row = ArtifactRow.from(layout, jsonlFile.toString(), fm, body, mtime, ArtifactRow.Trust.SOURCE_PATH,
                now);
        db.write("Indexing JSONL transcript " + row.sourcePath(), c -> {
            ArtifactRepository.upsert(c, row);
            return null;
        });
        return row.sourcePath();
    }

    /** Indexes a native harness memory file as a trusted row (no file is written). */
    public String indexExternal(ExternalArtifact a) {
        String now = IsoTime.format(clock.instant());
        String capturedAt = a.capturedAt() != null ? a.capturedAt()
                : Double.isFinite(a.sourceMtimeMs()) ? IsoTime.format(Instant.ofEpochMilli((long) a.sourceMtimeMs()))
                : now;
        String agent = a.agentId() == null || JsWhitespace.isBlank(a.agentId()) ? "default" : JsWhitespace.trim(a.agentId());
        String slashPath = a.sourcePath().replace('\\', '/');
        String lastSegment = slashPath.substring(slashPath.lastIndexOf('/') + 1);
        FrontMatter fm = FrontMatter.builder()
                .put("agent_id", agent)
                .put("source_path", slashPath)
                .put("kind", a.sourceKind())
                .put("session_id", "native:" + a.harness() + ":" + a.sourcePath())
                .put("session_key", "native:" + a.harness())
                .put("project", a.project())
                .put("harness", a.harness())
                .put("captured_at", capturedAt)
                .put("started_at", capturedAt)
                .put("ended_at", capturedAt)
                .put("updated_at", now)
                .put("source_node_id", ArtifactRow.NATIVE_MEMORY_BRIDGE)
                .put("content_sha256", ArtifactBody.normalizedSha256(a.content()))
                .put("memory_sentence", "Indexed " + a.harness() + " native memory from " + lastSegment + ".")
                .put("memory_sentence_quality", MemorySentence.FALLBACK)
                .build();
        ArtifactRow row = ArtifactRow.from(layout, a.sourcePath(), fm, a.content(), a.sourceMtimeMs(),
                ArtifactRow.Trust.ALL, now);
        db.write("Indexing native memory " + a.sourcePath(), c -> {
            ArtifactRepository.upsert(c, row);
            return null;
        });
        return row.sourcePath();
    }

    /** Soft-deletes the rows of a path (native files that disappeared); returns how many rows changed. */
    public int softDelete(String path, String agentIdOrNull) {
        String now = IsoTime.format(clock.instant());
        return db.write("Soft-deleting " + path, c -> ArtifactRepository.softDeletePath(c,
                layout.relativize(path), path.replace('\\', '/'), agentIdOrNull, now));
    }
}
