package io.memoryd.daemon.hooks;

import static io.memoryd.daemon.hooks.CaptureFixtures.CWD;
import static io.memoryd.daemon.hooks.CaptureFixtures.SESSION;
import static io.memoryd.daemon.hooks.CaptureFixtures.claude;
import static io.memoryd.daemon.hooks.CaptureFixtures.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What keeps a capture's memory and reading bounded: line, window and text limits (docs/format.md §5.7). */
class BoundedCaptureTest {

    @TempDir
    Path dir;

    private TestWorkspace tw;
    private Path transcript;

    @BeforeEach
    void open() {
        tw = TestWorkspace.open(dir.resolve("home"));
        transcript = dir.resolve(SESSION + ".jsonl");
    }

    @AfterEach
    void close() {
        tw.close();
    }

    private CaptureOutcome captureWith(CaptureLimits limits) {
        try (SessionCapture capture = new SessionCapture(tw.ws, null, tw.clock, limits, TranscriptFormats.builtIn())) {
            return capture.captureEnd(claude(transcript));
        }
    }

    @Test
    void aFiftyMegabyteLineIsSkippedWithoutEverBeingHeldInMemory() throws Exception {
        new ClaudeTranscriptFixture(SESSION, CWD).user("Before the huge paste").writeTo(transcript);
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(transcript,
                java.nio.file.StandardOpenOption.APPEND), 1 << 16)) {
            String open = "{\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"";
            out.write(open.getBytes(StandardCharsets.UTF_8));
            byte[] chunk = new byte[1 << 20];
            Arrays.fill(chunk, (byte) 'x');
            for (int i = 0; i < 50; i++) {
                out.write(chunk);
            }
            out.write("\"}}\n".getBytes(StandardCharsets.UTF_8));
        }
        new ClaudeTranscriptFixture(SESSION, CWD).user("After the huge paste").appendTo(transcript);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

        long before = threads.getCurrentThreadAllocatedBytes();
        CaptureOutcome out = captureWith(CaptureLimits.DEFAULTS);
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        // Holding the line would take 50 MB of bytes and twice that as a String.
        assertTrue(allocated < 24L << 20, "allocated " + allocated + " bytes");
        assertEquals("1 × line over 1 MiB", out.skipped().get(0), out.skipped().toString());
        assertTrue(out.skipped().get(1).endsWith("bytes between the first and the last 4 MiB not read"),
                out.skipped().toString());
        String body = only(tw, "transcript", SESSION).body();
        assertTrue(body.startsWith("User: Before the huge paste\n[… "), body);
        assertTrue(body.strip().endsWith("bytes of the transcript skipped …]\n\nUser: After the huge paste"), body);
        assertFalse(body.contains("xxxx"));
    }

    @Test
    void aNewPartLargerThanTwoWindowsIsReadAsItsFirstAndLastWindow() {
        ClaudeTranscriptFixture session = new ClaudeTranscriptFixture(SESSION, CWD);
        for (int i = 0; i < 200; i++) {
            session.user("request number " + i);
        }
        session.writeTo(transcript);
        CaptureLimits small = new CaptureLimits(8192, 4096, 8000, 150_000, 50_000, 2000, 200_000);

        CaptureOutcome out = captureWith(small);

        String body = only(tw, "transcript", SESSION).body();
        assertTrue(body.startsWith("User: request number 0\n"), body);
        assertTrue(body.strip().endsWith("User: request number 199"), body);
        assertFalse(body.contains("request number 100\n"), "the middle is not read");
        assertTrue(body.contains("bytes of the transcript skipped …]"), body);
        assertEquals(1, out.skipped().size());
        assertTrue(out.skipped().get(0).endsWith("bytes between the first and the last 8,192 bytes not read"),
                out.skipped().toString());
        String summary = only(tw, "summary", SESSION).body();
        assertTrue(summary.contains("First request: request number 0") && summary.contains("- request number 199"),
                summary);
    }

    @Test
    void normalisedTextKeepsItsStartAndEndAroundATruncatedMarker() {
        ClaudeTranscriptFixture session = new ClaudeTranscriptFixture(SESSION, CWD);
        for (int i = 0; i < 100; i++) {
            session.user("question " + i).assistantText("answer " + i);
        }
        session.writeTo(transcript);

        captureWith(new CaptureLimits(4L << 20, 1 << 20, 8000, 300, 200, 2000, 200_000));

        String body = only(tw, "transcript", SESSION).body();
        assertTrue(body.startsWith("User: question 0\nAssistant: answer 0\n"), body);
        assertTrue(body.strip().endsWith("User: question 99\nAssistant: answer 99"), body);
        assertTrue(body.contains("\n[truncated: ") && body.contains(" characters left out]\n"), body);
        assertTrue(body.length() < 300 + 200 + 60, "length " + body.length());
    }

    @Test
    void aLongEntryIsCutWithAMarker() {
        new ClaudeTranscriptFixture(SESSION, CWD).user("a".repeat(5000)).writeTo(transcript);

        captureWith(new CaptureLimits(4L << 20, 1 << 20, 100, 150_000, 50_000, 2000, 200_000));

        String body = only(tw, "transcript", SESSION).body().strip();
        assertEquals(100 + " [truncated]".length(), body.length(), body);
        assertTrue(body.endsWith("a… [truncated]"), body);
    }

    @Test
    void aCompactionSummaryIsCutToItsLimit() {
        new ClaudeTranscriptFixture(SESSION, CWD).user("go").compaction("S".repeat(10_000)).writeTo(transcript);

        captureWith(new CaptureLimits(4L << 20, 1 << 20, 8000, 150_000, 50_000, 2000, 1000));

        List<String> lines = only(tw, "compaction", SESSION).body().strip().lines().toList();
        assertEquals(List.of("S".repeat(999) + "…", "[truncated]"), lines);
    }
}
