package io.memoryd.tools.generate;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.artifact.ArtifactFileReader;
import io.memoryd.memory.notes.NoteIngester;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * What a generated workspace holds besides sessions, so that every projection section has content: durable
 * memories, thread heads and temporal nodes per agent (rows of tables other systems own), a few noise
 * sessions in {@code /tmp} projects (the automatic purge removes them), and hand-made notes in
 * {@code memory/}, ingested here so a daemon started later finds them already in place.
 */
final class GeneratedExtras {

    private static final String[] TOPICS = {"renderer pool", "index fingerprints", "token budget", "manifest sync",
            "watcher overflow", "note ingestion"};

    private GeneratedExtras() {
    }

    static void write(MemoryWorkspace ws, int agents, Instant now) {
        ws.database().write("Generating memories, thread heads and temporal nodes", c -> {
            try (PreparedStatement memory = c.prepareStatement("INSERT OR REPLACE INTO memories (id, content, type,"
                    + " importance, project, pinned, created_at, agent_id, visibility) VALUES (?,?,?,?,?,?,?,?,'global')");
                    PreparedStatement head = c.prepareStatement("INSERT OR REPLACE INTO memory_thread_heads (agent_id,"
                            + " thread_key, label, project, session_key, source_type, harness, node_id, latest_at,"
                            + " sample, updated_at) VALUES (?,?,?,?,?,'summary','codex',?,?,?,?)");
                    PreparedStatement node = c.prepareStatement("INSERT OR REPLACE INTO session_summaries (id, project,"
                            + " depth, kind, content, latest_at, earliest_at, session_key, harness, agent_id,"
                            + " source_type, source_ref, created_at) VALUES (?,?,?,?,?,?,?,?,'codex',?,?,?,?)")) {
                for (int a = 0; a < agents; a++) {
                    String agent = a == 0 ? "default" : "agent-" + a;
                    for (int i = 0; i < TOPICS.length; i++) {
                        String at = IsoTime.format(now.minus(Duration.ofHours(6L * i + a + 1)));
                        String project = "/home/dev/project-" + i;
                        if (i < 3) { // few and below the notes' importance, so the notes show too
                            memory.setString(1, "gen-" + agent + "-" + i);
                            memory.setString(2, "Keep the " + TOPICS[i] + " of " + agent
                                    + " bounded: measure it at 30,000 artifacts first.");
                            memory.setString(3, i == 0 ? "decision" : i == 1 ? "fact" : "preference");
                            memory.setDouble(4, 0.6 - i * 0.05);
                            memory.setString(5, project);
                            memory.setInt(6, 0);
                            memory.setString(7, at);
                            memory.setString(8, agent);
                            memory.executeUpdate();
                        }
                        head.setString(1, agent);
                        head.setString(2, "thread-" + i);
                        head.setString(3, "Thread: " + TOPICS[i]);
                        head.setString(4, project);
                        head.setString(5, "gen-session-" + a + "-" + i);
                        head.setString(6, "node-" + agent + "-" + i);
                        head.setString(7, at);
                        head.setString(8, "Latest work on the " + TOPICS[i] + " in " + project + ".");
                        head.setString(9, at);
                        head.executeUpdate();
                        node.setString(1, "node-" + agent + "-" + i);
                        node.setString(2, project);
                        node.setInt(3, i % 2);
                        node.setString(4, i % 2 == 0 ? "session" : "rollup");
                        node.setString(5, "Summary of the " + TOPICS[i] + " work.");
                        node.setString(6, at);
                        node.setString(7, at);
                        node.setString(8, "gen-session-" + a + "-" + i);
                        node.setString(9, agent);
                        node.setString(10, "summary");
                        node.setString(11, "gen-ref-" + i);
                        node.setString(12, at);
                        node.executeUpdate();
                    }
                }
            }
            return null;
        });
        for (int i = 0; i < 3; i++) {
            String at = IsoTime.format(now.minus(Duration.ofHours(2L + i)));
            String id = "noise-" + i;
            ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, id, id, "/tmp/scratch-" + i, "codex", at, at,
                    at, "A throwaway session in a temp project: the automatic purge removes it."));
        }
        writeNotes(ws.layout().memoryDir());
        new NoteIngester(ws.layout().memoryDir(), ws.database(), new ArtifactFileReader(1 << 20),
                Clock.fixed(now, ZoneOffset.UTC)).syncAll();
    }

    private static void writeNotes(Path memoryDir) {
        try {
            Files.writeString(memoryDir.resolve("project-conventions.md"), """
                    # Project conventions

                    ## Builds
                    Every module builds with Maven from the top-level pom; the scripts rebuild when sources are
                    newer than the jars, so nobody runs a stale daemon by accident.

                    ## Reviews
                    A change that touches the renderer pool needs a chaos run on the 2-core machine before it
                    lands, because most supervisor races only show under CPU starvation.
                    """);
            Files.writeString(memoryDir.resolve("deploy-checklist.md"), """
                    # Deploy checklist

                    Stop the daemon with SIGTERM and wait for it to drain; never kill -9 it during a deploy,
                    the renderers would exit on their own but the in-flight hooks would get errors.
                    """);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the generated notes in " + memoryDir, e);
        }
    }
}
