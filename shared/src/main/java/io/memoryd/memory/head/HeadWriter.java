package io.memoryd.memory.head;

import io.memoryd.memory.artifact.AtomicFileWriter;
import io.memoryd.memory.artifact.StaleTempFiles;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.text.JsWhitespace;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.InvalidAgentIdException;
import io.memoryd.memory.workspace.WorkspaceLayout;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes an agent's MEMORY.md the way the reference's head writer does (docs/format.md §8): refuses blank
 * text, JSON and agent ids unfit for a path; stamps {@code <!-- generated YYYY-MM-DD HH:MM -->}; truncates
 * the body to the 5000-token head budget; holds the agent's lease in {@code memory_md_heads} while it writes;
 * bumps the revision only when the body's SHA-256 changes; backs the replaced file up. Unlike the reference
 * the file is replaced atomically (temp file, fsync, rename, directory fsync), and it is written before the
 * row is committed, so a failed write leaves the stored revision describing the file still on disk.
 *
 * <p>Thread-safe: concurrent writes of one agent (threads or processes) are serialized by the lease; the
 * loser answers {@link HeadOutcome#BUSY}.
 */
public final class HeadWriter {

    private static final Logger log = LoggerFactory.getLogger(HeadWriter.class);

    /** The reference's head budget ({@code MEMORY_HEAD_MAX_TOKENS}). */
    public static final int HEAD_MAX_TOKENS = TokenBudget.DEFAULT_MAX_TOKENS;

    private static final Pattern AGENT_FOR_PATH = Pattern.compile("[a-z0-9][a-z0-9-]*");
    /** The stamp line and blank line that start a head file; stripped to compare bodies. */
    private static final Pattern STAMP = Pattern.compile("<!-- generated \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} -->\n\n");

    private final WorkspaceLayout layout;
    private final HeadLease lease;
    private final HeadBackups backups;
    private final TokenBudget tokens;
    private final AtomicFileWriter files;
    private final Clock clock;
    private final HeadPolicy policy;

    public HeadWriter(WorkspaceLayout layout, MemoryDatabase db, TokenBudget tokens, AtomicFileWriter files,
            Clock clock, HeadPolicy policy) {
        this.layout = layout;
        this.lease = new HeadLease(db);
        this.backups = new HeadBackups(files, policy.keepBackups());
        this.tokens = tokens;
        this.files = files;
        this.clock = clock;
        this.policy = policy;
    }

    /**
     * The agent id a head write uses: trimmed, blank meaning {@code default}, else {@code default} or
     * {@code ^[a-z0-9][a-z0-9-]*$} (stricter than memoryd's own ids: the reference refuses the rest).
     *
     * @throws HeadRefusedException {@link HeadRefusedException.Reason#INVALID_AGENT_ID}
     */
    public static AgentId agentFor(String raw) {
        String id = raw == null ? "" : JsWhitespace.trim(raw);
        if (id.isEmpty()) {
            return AgentId.DEFAULT;
        }
        if (!id.equals("default") && !AGENT_FOR_PATH.matcher(id).matches()) {
            throw new HeadRefusedException(HeadRefusedException.Reason.INVALID_AGENT_ID,
                    "Invalid agentId for MEMORY.md path: " + id);
        }
        try {
            return new AgentId(id);
        } catch (InvalidAgentIdException e) {
            throw new HeadRefusedException(HeadRefusedException.Reason.INVALID_AGENT_ID,
                    "Invalid agentId for MEMORY.md path: " + id);
        }
    }

    /** Refuses what the reference refuses: blank text and text that is JSON. */
    public static void checkContent(String text) {
        String trimmed = text == null ? "" : JsWhitespace.trim(text);
        if (trimmed.isEmpty()) {
            throw new HeadRefusedException(HeadRefusedException.Reason.EMPTY_CONTENT,
                    "Refusing to write empty content to MEMORY.md");
        }
        if ((trimmed.startsWith("{") || trimmed.startsWith("[")) && JsonText.parses(trimmed)) {
            throw new HeadRefusedException(HeadRefusedException.Reason.JSON_CONTENT,
                    "Refusing to write JSON to MEMORY.md");
        }
    }

    /**
     * Writes {@code text} as the agent's head under a lease held by {@code owner}.
     *
     * @throws HeadRefusedException for blank text, JSON, or an agent id unfit for a path (nothing written)
     * @throws UncheckedIOException when the file cannot be written (the old file and row stay)
     * @throws IllegalStateException when the lease was lost before the commit (file written, row not)
     */
    public HeadWriteResult write(String agentIdRaw, String text, String owner) {
        AgentId agent = agentFor(agentIdRaw);
        checkContent(text);
        Instant now = clock.instant();
        String prefix = stampOf(now);
        String body = JsWhitespace.trimEnd(tokens.truncate(JsWhitespace.trim(text),
                HEAD_MAX_TOKENS - tokens.count(prefix)));
        String hash = sha256(body);
        Path path = layout.memoryMdPath(agent);

        HeadLease.Attempt held = lease.acquire(agent.value(), owner, now, policy.leaseTtl());
        if (held.status() == HeadLease.Status.BUSY) {
            return new HeadWriteResult(HeadOutcome.BUSY, path, 0, null, held.holder());
        }
        boolean recorded = held.status() == HeadLease.Status.TAKEN;
        if (!recorded) {
            log.warn("memory_md_heads unavailable for agent {}: writing {} without a lease, revision 0", agent, path);
        }
        boolean sameBody = recorded && hash.equals(held.storedHash());
        long revision = !recorded ? 0 : sameBody ? held.storedRevision() : held.storedRevision() + 1;
        Path backup;
        try {
            // A writer killed between its temp file and the rename leaves the temp beside the head file,
            // outside memory/ where the daemon's start-up sweep looks; sweep here, under the lease.
            if (Files.isDirectory(path.getParent())) {
                new StaleTempFiles().removeFrom(path.getParent());
            }
            String previous = readIfExists(path);
            if (sameBody && previous != null && body.equals(bodyOf(previous))) {
                commit(held, body, hash, revision, now);
                return new HeadWriteResult(HeadOutcome.UNCHANGED, path, revision, null, null);
            }
            backup = previous == null ? null : backups.save(path, previous, now);
            files.write(path, prefix + body);
        } catch (RuntimeException e) {
            if (recorded) {
                releaseQuietly(held, e);
            }
            throw e;
        }
        if (recorded) {
            commit(held, body, hash, revision, now);
        }
        if (backup != null) {
            try {
                backups.prune(path);
            } catch (UncheckedIOException e) {
                log.warn("Pruning MEMORY.md backups of agent {} failed: {}", agent, e.getMessage());
            }
        }
        return new HeadWriteResult(HeadOutcome.WRITTEN, path, revision, backup, null);
    }

    /** The agent's head file and stored row, for {@code memoryctl head}. */
    public HeadState state(String agentIdRaw) {
        AgentId agent = agentFor(agentIdRaw);
        Path path = layout.memoryMdPath(agent);
        Instant now = clock.instant();
        return lease.read(agent.value())
                .map(r -> new HeadState(agent.value(), path, Files.isRegularFile(path), true, r.revision(),
                        r.contentHash(), r.updatedAt(), r.leaseOwner(), r.leaseExpiresAt(),
                        r.leaseToken() != null && HeadLease.unexpired(r.leaseExpiresAt(), now)))
                .orElseGet(() -> new HeadState(agent.value(), path, Files.isRegularFile(path), false, 0, "", null,
                        null, null, false));
    }

    /** The stamp and blank line that start a head file written at {@code now} (UTC). */
    public static String stampOf(Instant now) {
        String iso = io.memoryd.memory.text.IsoTime.format(now);
        return "<!-- generated " + iso.substring(0, 16).replace('T', ' ') + " -->\n\n";
    }

    private void commit(HeadLease.Attempt held, String body, String hash, long revision, Instant now) {
        if (held.status() != HeadLease.Status.TAKEN) {
            return;
        }
        boolean committed;
        try {
            committed = lease.commit(held, body, hash, revision, now);
        } catch (RuntimeException e) {
            releaseQuietly(held, e);
            throw new IllegalStateException("Failed to commit MEMORY.md head state: " + e.getMessage(), e);
        }
        if (!committed) {
            throw new IllegalStateException("Failed to commit MEMORY.md head state: the lease of agent "
                    + held.agentId() + " expired and was taken over");
        }
    }

    private void releaseQuietly(HeadLease.Attempt held, Exception cause) {
        try {
            lease.release(held);
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    private static String bodyOf(String file) {
        var m = STAMP.matcher(file);
        return m.lookingAt() ? file.substring(m.end()) : file;
    }

    private static String readIfExists(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("Reading " + path, e);
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
