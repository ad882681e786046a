package io.memoryd.memory.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.memoryd.memory.write.ManifestStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Workspace root choice and the path conventions of the format (docs/format.md §1). */
class WorkspaceLayoutTest {

    private static final Path ROOT = Path.of("/home/u/.agents");

    @Test
    @DisplayName("the root is --home, else MEMORYD_HOME, else SIGNET_PATH, else $HOME/.agents")
    void picksTheRootInPrecedenceOrder() {
        Map<String, String> env = Map.of("MEMORYD_HOME", "/m", "SIGNET_PATH", "/s");
        assertEquals(Path.of("/h"), WorkspaceRoots.resolve("/h", env, "/home/u"));
        assertEquals(Path.of("/m"), WorkspaceRoots.resolve(null, env, "/home/u"));
        assertEquals(Path.of("/s"), WorkspaceRoots.resolve(null, Map.of("SIGNET_PATH", "/s"), "/home/u"));
        assertEquals(Path.of("/home/u/.agents"), WorkspaceRoots.resolve(null, Map.of(), "/home/u"));
    }

    @Test
    @DisplayName("§1: without a flag or variable the root is $HOME/.agents, not the passwd home")
    void defaultRootFollowsHomeFromTheEnvironment() {
        Map<String, String> env = Map.of("HOME", "/sandbox/me");

        assertEquals(Path.of("/sandbox/me/.agents"), WorkspaceRoots.resolve(null, env, "/home/u"));
        assertEquals(new WorkspaceRoots.Choice(Path.of("/sandbox/me/.agents"), WorkspaceRoots.Source.HOME),
                WorkspaceRoots.choose(null, env, "/home/u"));
        assertEquals("/sandbox/me", WorkspaceRoots.userHome(env, "/home/u"));
    }

    @Test
    @DisplayName("§1: the passwd home is used only when HOME is unset or blank, and the choice says so")
    void passwdHomeIsTheFallbackWhenHomeIsUnset() {
        assertEquals(new WorkspaceRoots.Choice(Path.of("/home/u/.agents"), WorkspaceRoots.Source.USER_HOME),
                WorkspaceRoots.choose(null, Map.of("HOME", " "), "/home/u"));
        assertEquals("/home/u", WorkspaceRoots.userHome(Map.of(), "/home/u"));
    }

    @Test
    @DisplayName("§1: the flag and both variables still win over HOME, and the choice names the source")
    void flagAndVariablesWinOverHome() {
        Map<String, String> env = Map.of("HOME", "/sandbox/me", "MEMORYD_HOME", "/m", "SIGNET_PATH", "/s");

        assertEquals(WorkspaceRoots.Source.FLAG, WorkspaceRoots.choose("/h", env, "/home/u").source());
        assertEquals(new WorkspaceRoots.Choice(Path.of("/m"), WorkspaceRoots.Source.MEMORYD_HOME),
                WorkspaceRoots.choose(null, env, "/home/u"));
        assertEquals(new WorkspaceRoots.Choice(Path.of("/s"), WorkspaceRoots.Source.SIGNET_PATH),
                WorkspaceRoots.choose(null, Map.of("HOME", "/sandbox/me", "SIGNET_PATH", "/s"), "/home/u"));
    }

    @Test
    @DisplayName("§1: an empty SIGNET_PATH counts as unset")
    void emptyEnvironmentValuesCountAsUnset() {
        assertEquals(Path.of("/home/u/.agents"),
                WorkspaceRoots.resolve("", Map.of("MEMORYD_HOME", "", "SIGNET_PATH", ""), "/home/u"));
    }

    @Test
    @DisplayName("§1: the root is normalized once (no trailing slash, no . or ..), so paths relativize")
    void normalizesTheRoot() {
        WorkspaceLayout layout = new WorkspaceLayout(Path.of("/home/u/./x/../.agents/"));
        assertEquals(ROOT, layout.root());
        assertEquals("memory/a--summary.md", layout.relativize("/home/u/.agents/memory/a--summary.md"));
    }

    @Test
    @DisplayName("§1: relativize removes the first occurrence of <root>/ (not anchored) and turns \\ into /")
    void relativizesLikeTheReference() {
        WorkspaceLayout layout = new WorkspaceLayout(ROOT);
        assertEquals("/mntmemory/x.md", layout.relativize("/mnt/home/u/.agents/memory/x.md"));
        assertEquals("memory/sub/x.md", layout.relativize("/home/u/.agents/memory\\sub\\x.md"));
        assertEquals("/elsewhere/x.md", layout.relativize("/elsewhere/x.md"));
        assertEquals("/home/u/.agentsX/memory/x.md", layout.relativize("/home/u/.agentsX/memory/x.md"));
    }

    @Test
    @DisplayName("§9: resolve is a POSIX join (collapses // . ..; an absolute stored path is appended)")
    void resolvesLikePosixJoin() {
        WorkspaceLayout layout = new WorkspaceLayout(ROOT);
        assertEquals(Path.of("/home/u/.agents/memory/x.md"), layout.resolve("memory//./x.md"));
        assertEquals(Path.of("/home/u/.agents/abs/x.md"), layout.resolve("/abs/x.md"));
        assertEquals(Path.of("/home/u/.agents/x.md"), layout.resolve("memory/../x.md"));
    }

    @Test
    @DisplayName("§1: the memory directory and database live under <root>/memory")
    void placesMemoryDirectoryAndDatabase() {
        WorkspaceLayout layout = new WorkspaceLayout(ROOT);
        assertEquals(Path.of("/home/u/.agents/memory"), layout.memoryDir());
        assertEquals(Path.of("/home/u/.agents/memory/memories.db"), layout.databasePath());
    }

    @Test
    @DisplayName("§1: harness slug: \" Claude Code \" → claude-code, blank → unknown")
    void slugsHarnessNames() {
        assertEquals("claude-code", ManifestStore.harnessSlug(" Claude Code "));
        assertEquals("unknown", ManifestStore.harnessSlug("  "));
        assertEquals("unknown", ManifestStore.harnessSlug("!!!"));
        assertEquals("open_code.v2", ManifestStore.harnessSlug("--Open_Code.v2--"));
        assertEquals("a-b", ManifestStore.harnessSlug("a / b"));
        assertEquals("codex", ManifestStore.harnessSlug("\u00a0codex\u3000"));
    }
}
