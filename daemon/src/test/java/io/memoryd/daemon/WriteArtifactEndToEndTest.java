package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.memoryd.memory.artifact.ArtifactFileName;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.ReindexRequest;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.WriteArtifactRequest;
import io.memoryd.proto.v1.WriteArtifactResponse;
import com.google.common.util.concurrent.ListenableFuture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes through a real daemon process: how times are taken, how one artifact is written once, and what
 * the daemon does at start with the temp files a writer that died left behind.
 */
@Timeout(120)
class WriteArtifactEndToEndTest {

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
        TestWorkspace.open(home).close();
    }

    private static WriteArtifactRequest.Builder summary(String sessionId, String capturedAt) {
        return WriteArtifactRequest.newBuilder().setAgentId("default").setKind(ArtifactKind.SUMMARY)
                .setSessionId(sessionId).setSessionKey(sessionId).setProject("/home/u/proj").setHarness("codex")
                .setCapturedAt(capturedAt).setEndedAt(capturedAt)
                .setText("Fixed the retry loop in platform/daemon/src/retry.ts for " + sessionId + ".");
    }


    @Test
    void lenientTimes_areWrittenCanonically_andTheSessionsStayInTheProjectionAfterAFullPass() throws Exception {
        String lowerT = IsoTime.format(Instant.now().minus(Duration.ofHours(2))).replace('T', 't').replace('Z', 'z');
        String dateOnly = LocalDate.now(ZoneOffset.UTC).minusDays(1).toString();
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            WriteArtifactResponse a = d.memory().writeArtifact(summary("lower-t", lowerT).build());
            WriteArtifactResponse b = d.memory().writeArtifact(summary("date-only", dateOnly).build());

            for (WriteArtifactResponse w : new WriteArtifactResponse[] {a, b}) {
                String name = Path.of(w.getArtifactPath()).getFileName().toString();
                assertTrue(ArtifactFileName.matches(name), name);
                assertTrue(Files.isRegularFile(home.resolve(w.getArtifactPath())), w.getArtifactPath());
            }
            assertTrue(a.getArtifactPath().startsWith("memory/" + lowerT.toUpperCase().replace(':', '-')),
                    a.getArtifactPath());
            assertTrue(b.getArtifactPath().startsWith("memory/" + dateOnly + "T00-00-00.000Z--"), b.getArtifactPath());

            d.memory().reindex(ReindexRequest.getDefaultInstance());
            String content = d.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build())
                    .getContent();
            assertTrue(content.contains("session=lower-t"), content);
            assertTrue(content.contains("session=date-only"), content);
        }
    }

    @Test
    void aTimeThatIsNotATime_isInvalidArgumentNamingTheField() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            StatusRuntimeException captured = assertThrows(StatusRuntimeException.class,
                    () -> d.memory().writeArtifact(summary("s1", "yesterday").build()));
            StatusRuntimeException started = assertThrows(StatusRuntimeException.class,
                    () -> d.memory().writeArtifact(summary("s1", "2026-04-29T10:00:00.000Z").setStartedAt("soon")
                            .build()));

            assertEquals(Status.Code.INVALID_ARGUMENT, captured.getStatus().getCode());
            assertEquals("captured_at", ErrorDetails.field(captured));
            assertEquals("captured_at: must be an ISO-8601 time, got \"yesterday\"",
                    captured.getStatus().getDescription());
            assertEquals(Status.Code.INVALID_ARGUMENT, started.getStatus().getCode());
            assertEquals("started_at", ErrorDetails.field(started));
        }
        try (var files = Files.list(home.resolve("memory"))) {
            assertEquals(0, files.filter(f -> f.toString().endsWith(".md")).count());
        }
    }

    @Test
    void twoDifferentWritesOfOneArtifactAtOnce_oneSucceedsTheOtherIsContentMismatch() throws Exception {
        String at = IsoTime.format(Instant.now().minus(Duration.ofHours(1)));
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            for (int round = 0; round < 10; round++) {
                String session = "race-" + round;
                List<String> texts = List.of("First text of " + session + ".", "Second text of " + session + ".");
                List<ListenableFuture<WriteArtifactResponse>> calls = new ArrayList<>();
                for (String text : texts) {
                    calls.add(d.memoryAsync().withDeadlineAfter(60, TimeUnit.SECONDS)
                            .writeArtifact(summary(session, at).setText(text).build()));
                }

                List<Integer> won = new ArrayList<>();
                List<StatusRuntimeException> refused = new ArrayList<>();
                String path = null;
                for (int i = 0; i < 2; i++) {
                    try {
                        path = calls.get(i).get(60, TimeUnit.SECONDS).getArtifactPath();
                        won.add(i);
                    } catch (ExecutionException e) {
                        refused.add((StatusRuntimeException) e.getCause());
                    }
                }

                assertEquals(1, won.size(), "round " + round + ": refused " + refused);
                assertEquals(Status.Code.FAILED_PRECONDITION, refused.get(0).getStatus().getCode());
                assertTrue(refused.get(0).getStatus().getDescription().endsWith("(content mismatch)"),
                        refused.get(0).getStatus().getDescription());
                String file = Files.readString(home.resolve(path));
                assertTrue(file.endsWith("---\n" + texts.get(won.get(0)) + "\n"), file);
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                        home.resolve(path))), "an artifact the daemon wrote is private");
            }
        }
    }

    @Test
    void daemonStart_removesTempFilesOfWritersThatDied_andKeepsThoseOfLiveOnes() throws Exception {
        Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        String name = "2026-04-29T10-00-00.000Z--yruajzz2ynbltkjz--summary.md.tmp-";
        Path stale = Files.writeString(home.resolve("memory").resolve(name + ended.pid() + "-1777777777777-1"), "half");
        Path live = Files.writeString(home.resolve("memory").resolve(name + ProcessHandle.current().pid()
                + "-1777777777777-1"), "in flight");

        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            assertTrue(Files.notExists(stale), "the temp file of a dead writer is removed before READY");
            assertTrue(Files.exists(live), "the temp file of a live writer stays");
        }
    }
}
