package io.memoryd.memory.workspace;

import java.nio.file.Path;

/**
 * Where everything of one workspace lives on disk (docs/format.md §1) and the path conventions of the
 * format: every stored path is relative to the root, uses {@code /} and starts with {@code memory/} for
 * canonical artifacts.
 */
public record WorkspaceLayout(Path root) {

    public WorkspaceLayout {
        root = root.toAbsolutePath().normalize();
    }

    /** The flat directory holding every canonical artifact and the database. */
    public Path memoryDir() {
        return root.resolve("memory");
    }

    public Path databasePath() {
        return memoryDir().resolve("memories.db");
    }

    /** memoryd's private directory in the workspace (locks now, sockets and state later). */
    public Path privateDir() {
        return root.resolve(".memoryd");
    }

    public Path lockDir() {
        return privateDir().resolve("locks");
    }

    /** The MEMORY.md head file of an agent: the root for {@code default}, else {@code agents/<id>/}. */
    public Path memoryMdPath(AgentId agent) {
        return agent.isDefault() ? root.resolve("MEMORY.md")
                : root.resolve("agents").resolve(agent.value()).resolve("MEMORY.md");
    }

    /**
     * The stored form of a path: the first occurrence of {@code <root>/} removed (not anchored, as the
     * format defines it) and backslashes turned into slashes.
     */
    public String relativize(String path) {
        String prefix = root.toString() + "/";
        int at = path.indexOf(prefix);
        String rel = at < 0 ? path : path.substring(0, at) + path.substring(at + prefix.length());
        return rel.replace('\\', '/');
    }

    public String relativize(Path path) {
        return relativize(path.toString());
    }

    /** POSIX join of the root and a stored path; an absolute stored path is appended, not substituted. */
    public Path resolve(String storedPath) {
        return Path.of(root.toString(), storedPath).normalize();
    }
}
