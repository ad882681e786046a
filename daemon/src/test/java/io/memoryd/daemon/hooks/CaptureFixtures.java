package io.memoryd.daemon.hooks;

import io.memoryd.memory.artifact.ArtifactDocument;
import io.memoryd.memory.artifact.FrontMatterCodec;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Shortcuts of the capture tests: requests, artifacts by kind, and a typical Claude Code session. */
final class CaptureFixtures {

    static final String SESSION = "0f6c1d2e-3b4a-4c5d-8e9f-a0b1c2d3e4f5";
    static final String CWD = "/home/u/proj";

    private CaptureFixtures() {
    }

    static CaptureRequest claude(Path transcript) {
        return new CaptureRequest(AgentId.DEFAULT, "claude-code", SESSION, CWD, transcript, null);
    }

    /** A realistic first part of a session: requests, tools, thinking, a sidechain, an image. */
    static ClaudeTranscriptFixture typicalSession() {
        return new ClaudeTranscriptFixture(SESSION, CWD)
                .fileHistorySnapshot()
                .user("Fix the flaky retry test in src/retry/RetryTest.java")
                .thinking("The test sleeps; a fake clock would fix it.")
                .assistantText("I'll look at the test first.")
                .tool("Read", ClaudeTranscriptFixture.input("file_path", "/home/u/proj/src/retry/RetryTest.java"),
                        "class RetryTest { /* 400 lines */ }", false)
                .tool("Task", ClaudeTranscriptFixture.input("description", "Find clock usages", "prompt", "search"),
                        "found 3", false)
                .sidechain("Subagent: searching for Clock usages")
                .tool("Edit", ClaudeTranscriptFixture.input("file_path", "/home/u/proj/src/retry/RetryTest.java",
                        "old_string", "Thread.sleep(100)", "new_string", "clock.advance(100)"), "ok", false)
                .tool("Bash", ClaudeTranscriptFixture.input("command", "mvn -q test -Dtest=RetryTest"),
                        "Tests run: 12, Failures: 0", false)
                .image()
                .assistantText("The screenshot shows the CI run passing.")
                .user("Great, also update the changelog")
                .tool("Edit", ClaudeTranscriptFixture.input("file_path", "/home/u/proj/CHANGELOG.md", "old_string",
                        "## Unreleased", "new_string", "## Unreleased\n- retry test uses a fake clock"), "ok", false)
                .assistantText("Fixed the flaky retry test with a fake clock and noted it in CHANGELOG.md.");
    }

    /** The file at a stored path, parsed. */
    static ArtifactDocument artifact(TestWorkspace tw, String storedPath) {
        return FrontMatterCodec.parse(tw.read(storedPath));
    }

    /** Stored paths of the artifacts of one kind, in name order. */
    static List<String> artifacts(TestWorkspace tw, String kind) {
        try (Stream<Path> files = Files.list(tw.memoryDir())) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("--" + kind + ".md")).sorted()
                    .map(n -> "memory/" + n).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The body of the only artifact of a kind whose session id is {@code sessionId}. */
    static ArtifactDocument only(TestWorkspace tw, String kind, String sessionId) {
        List<ArtifactDocument> docs = artifacts(tw, kind).stream().map(p -> artifact(tw, p))
                .filter(d -> sessionId.equals(d.frontMatter().stringOrNull("session_id"))).toList();
        if (docs.size() != 1) {
            throw new AssertionError("expected one " + kind + " of session " + sessionId + ", found " + docs.size());
        }
        return docs.get(0);
    }
}
