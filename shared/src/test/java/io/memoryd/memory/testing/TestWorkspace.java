package io.memoryd.memory.testing;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * A real workspace in a temp directory with a settable clock, plus shortcuts that tests use to write
 * sessions, render, and look at rows and files. Close it at the end of the test.
 */
public final class TestWorkspace implements AutoCloseable {

    public final Path root;
    public final MutableClock clock;
    public final MemoryWorkspace ws;

    private TestWorkspace(Path root, MutableClock clock, MemoryWorkspace ws) {
        this.root = root;
        this.clock = clock;
        this.ws = ws;
    }

    /** Opens a fresh workspace under {@code root} with the clock at 2026-04-30T12:00:00Z. */
    public static TestWorkspace open(Path root) {
        return open(root, MutableClock.at("2026-04-30T12:00:00.000Z"));
    }

    public static TestWorkspace open(Path root, MutableClock clock) {
        return open(root, clock, io.memoryd.memory.watch.WatchOptions.OFF);
    }

    /** A workspace that watches {@code memory/} as the daemon and renderers do. */
    public static TestWorkspace open(Path root, MutableClock clock, io.memoryd.memory.watch.WatchOptions watch) {
        WorkspaceOptions options = new WorkspaceOptions(root, clock, ZoneOffset.UTC, false,
                io.memoryd.memory.artifact.ArtifactFileReader.DEFAULT_MAX_BYTES, null, true).withWatch(watch);
        return new TestWorkspace(root, clock, MemoryWorkspace.open(options));
    }

    /** A session input for agent {@code agent} captured (and ended) at {@code at}. */
    public static SessionInput session(String agent, String sessionId, String project, String at, String text) {
        return new SessionInput(new AgentId(agent), sessionId, sessionId, project, "codex", at, null, at, text);
    }

    public Projection render(String agent) {
        return ws.render(new AgentId(agent), TokenBudget.DEFAULT_MAX_TOKENS);
    }

    public Path memoryDir() {
        return root.resolve("memory");
    }

    public Path file(String relativePath) {
        return root.resolve(relativePath);
    }

    public String read(String relativePath) {
        try {
            return Files.readString(file(relativePath), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String relativePath, String content) {
        try {
            Files.createDirectories(file(relativePath).getParent());
            Files.writeString(file(relativePath), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a one-column query and returns its values as strings. */
    public List<String> column(String sql, Object... params) {
        return ws.database().read("test query", c -> {
            List<String> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(rs.getString(1));
                    }
                }
            }
            return out;
        });
    }

    /** Runs a statement outside any index pass (to simulate other writers). */
    public int execute(String sql, Object... params) {
        return ws.database().write("test statement", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                for (int i = 0; i < params.length; i++) {
                    ps.setObject(i + 1, params[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    public int count(String sql, Object... params) {
        return Integer.parseInt(column(sql, params).get(0));
    }

    @Override
    public void close() {
        ws.close();
    }
}
