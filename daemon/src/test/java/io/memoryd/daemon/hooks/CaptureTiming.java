package io.memoryd.daemon.hooks;

import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.workspace.AgentId;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A manual timing check, not a test: captures a ~5 MB Claude Code transcript (tool results of a few KB, as
 * file reads make them) several times and prints the CPU and wall time of each capture, after a tiny
 * capture that loads the write path's classes; {@code scan} as second argument also times the reading alone.
 * Run: {@code java -cp <test classpath> io.memoryd.daemon.hooks.CaptureTiming [MB [scan]]}.
 */
public final class CaptureTiming {

    private CaptureTiming() {
    }

    public static void main(String[] args) throws Exception {
        int megabytes = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        Path dir = Files.createTempDirectory("capture-timing");
        Path transcript = dir.resolve("t.jsonl");
        ClaudeTranscriptFixture f = new ClaudeTranscriptFixture("timing", "/home/u/proj");
        String fileContent = "    public void method() { return; } // some code\n".repeat(80);
        int turn = 0;
        while (f.bytes().length < megabytes * 1_000_000) {
            f.user("Request " + turn + ": please look at module " + turn + " and fix what fails")
                    .thinking("Thinking about module " + turn + " ".repeat(400))
                    .assistantText("I will read the file first.")
                    .tool("Read", ClaudeTranscriptFixture.input("file_path", "/home/u/proj/src/M" + turn + ".java"),
                            fileContent, false)
                    .tool("Bash", ClaudeTranscriptFixture.input("command", "mvn -q test -Dtest=M" + turn + "Test"),
                            "Tests run: 5, Failures: 0\n".repeat(20), false)
                    .tool("Edit", ClaudeTranscriptFixture.input("file_path", "/home/u/proj/src/M" + turn + ".java"),
                            "ok", false)
                    .assistantText("Fixed module " + turn + ".");
            turn++;
        }
        f.writeTo(transcript);
        System.out.printf(Locale.ROOT, "transcript: %,d bytes, %d turns%n", Files.size(transcript), turn);
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        if (args.length > 1 && args[1].equals("scan")) {
            for (int i = 0; i < 8; i++) {
                long cpu = threads.getCurrentThreadCpuTime();
                try (TranscriptSource source = TranscriptSource.open(transcript)) {
                    TranscriptScan.scan(source, 0, source.size(),
                            io.memoryd.daemon.hooks.claude.ClaudeTranscriptFormat.INSTANCE, CaptureLimits.DEFAULTS);
                }
                System.out.printf(Locale.ROOT, "scan only %d: cpu %.1f ms%n", i,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
                cpu = threads.getCurrentThreadCpuTime();
                TranscriptFormat none = new TranscriptFormat() {
                    public LineParser newParser() {
                        return (line, sink) -> TranscriptFormat.Verdict.IGNORED;
                    }

                    public String name() {
                        return "none";
                    }
                };
                try (TranscriptSource source = TranscriptSource.open(transcript)) {
                    TranscriptScan.scan(source, 0, source.size(), none, CaptureLimits.DEFAULTS);
                }
                System.out.printf(Locale.ROOT, "read+decode only %d: cpu %.1f ms%n", i,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e6);
            }
        }
        try (TestWorkspace tw = TestWorkspace.open(dir.resolve("home"));
                SessionCapture capture = new SessionCapture(tw.ws, null, tw.clock)) {
            // A daemon has written artifacts before: load the write path's classes with a tiny capture first.
            Path tiny = new ClaudeTranscriptFixture("tiny", "/p").user("hello").assistantText("hi")
                    .writeTo(dir.resolve("tiny.jsonl"));
            long warmCpu = threads.getCurrentThreadCpuTime();
            capture.captureEnd(new CaptureRequest(AgentId.DEFAULT, "claude-code", "tiny", "/p", tiny, null));
            System.out.printf(Locale.ROOT, "tiny capture (class loading): cpu %.1f ms%n",
                    (threads.getCurrentThreadCpuTime() - warmCpu) / 1e6);
            for (int i = 0; i < 8; i++) {
                long cpu = threads.getCurrentThreadCpuTime();
                long wall = System.nanoTime();
                CaptureOutcome out = capture.captureEnd(new CaptureRequest(AgentId.DEFAULT, "claude-code",
                        "timing-" + i, "/home/u/proj", transcript, null));
                System.out.printf(Locale.ROOT, "capture %d: cpu %.1f ms, wall %.1f ms, %s%n", i,
                        (threads.getCurrentThreadCpuTime() - cpu) / 1e6, (System.nanoTime() - wall) / 1e6,
                        out.writtenPaths());
            }
        }
    }
}
