package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.memoryd.memory.db.DatabaseLockHolder;
import io.memoryd.memory.db.MemoryDatabase;
import io.memoryd.memory.testing.FileSnapshot;
import io.memoryd.memory.testing.TestMount;
import io.memoryd.memory.testing.TestWorkspace;
import io.memoryd.memory.text.IsoTime;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.write.SessionInput;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk and database faults through a real daemon with a real renderer: a write the storage refuses is a
 * typed status naming the file, the daemon keeps answering health and synthesize, nothing on disk is
 * deleted or truncated, and once the fault is gone the same daemon writes again.
 */
@Timeout(180)
class StorageFaultEndToEndTest {

    @TempDir
    Path dir;

    private static void seed(Path home) {
        try (TestWorkspace t = TestWorkspace.open(home)) {
            for (int i = 0; i < 10; i++) {
                String at = IsoTime.format(Instant.now().minus(Duration.ofHours(7L * i + 1)));
                t.ws.writer().writeSummary(new SessionInput(AgentId.DEFAULT, "s" + i, "s" + i, "/home/u/proj", "codex",
                        at, null, at, "Worked on platform/daemon/src/retry.ts, step " + i + "."));
            }
        }
    }

    private static WriteArtifactRequest newSummary() {
        return WriteArtifactRequest.newBuilder().setKind(ArtifactKind.SUMMARY).setSessionId("new")
                .setSessionKey("new").setProject("/home/u/proj").setHarness("codex")
                .setCapturedAt(IsoTime.format(Instant.now())).setText("Written after the storage fault was gone.")
                .build();
    }

    private static SynthesizeResponse synthesize(DaemonProcess d) {
        SynthesizeResponse r = d.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build());
        assertTrue(r.getContent().startsWith("# Working Memory Summary"), r.getContent());
        return r;
    }

    private static void assertServing(DaemonProcess d) {
        assertEquals(DaemonStatus.DAEMON_SERVING, d.daemon().health(HealthRequest.getDefaultInstance()).getStatus());
        assertTrue(d.process.isAlive());
    }


    @Test
    void diskFullDuringWriteArtifact_isResourceExhaustedNamingTheFile_daemonServes_writesAgainOnceFreed()
            throws Exception {
        Path home = dir.resolve("ws");
        Path memory = home.resolve("memory");
        try (TestMount mount = TestMount.tmpfs(memory, 8192)) {
            seed(home);
            try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
                synthesize(d);
                String before = synthesize(d).getContent();
                FileSnapshot files = FileSnapshot.of(memory);
                long dbSize = Files.size(memory.resolve("memories.db"));
                Path filler = TestMount.fill(memory);

                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> d.memory().writeArtifact(newSummary()));

                assertEquals(Status.Code.RESOURCE_EXHAUSTED, e.getStatus().getCode());
                assertEquals("DISK_FULL", ErrorDetails.of(e).getReason());
                String message = e.getStatus().getDescription();
                assertTrue(message.startsWith("disk full: ") && message.contains(memory.toString())
                        && message.contains("No space left on device"), message);
                assertServing(d);
                SynthesizeResponse during = synthesize(d);
                assertEquals(ServedBy.RENDERER, during.getServedBy());
                assertEquals(before, during.getContent());
                files.assertAllStillThere();
                assertTrue(Files.size(memory.resolve("memories.db")) >= dbSize, "memories.db was truncated");

                Files.delete(filler);
                d.memory().writeArtifact(newSummary());
                assertTrue(synthesize(d).getContent().contains("| session=new |"));
                assertServing(d);
            }
        }
    }

    @Test
    void databaseLockedByAnotherProcess_writeIsUnavailableNamingTheFile_synthesizeGoesOn_writesAgainOnceReleased()
            throws Exception {
        Path home = dir.resolve("ws");
        seed(home);
        Path db = home.resolve("memory/memories.db").toAbsolutePath();
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            synthesize(d);
            String before = synthesize(d).getContent();
            try (DatabaseLockHolder holder = DatabaseLockHolder.start(db)) {
                assertEquals(before, synthesize(d).getContent(), "reads are not blocked by another writer (WAL)");

                long start = System.nanoTime();
                StatusRuntimeException e = assertThrows(StatusRuntimeException.class,
                        () -> d.memory().writeArtifact(newSummary()));
                long waitedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

                assertEquals(Status.Code.UNAVAILABLE, e.getStatus().getCode());
                ErrorInfo info = ErrorDetails.of(e);
                assertEquals("DATABASE_LOCKED", info.getReason());
                assertEquals(db.toString(), info.getMetadataOrDefault("file", ""));
                String message = e.getStatus().getDescription();
                assertTrue(message.startsWith("database locked: ") && message.contains(db.toString())
                        && message.contains("database is locked"), message);
                assertTrue(waitedMs < MemoryDatabase.BUSY_TIMEOUT_MS + 15_000, "answered after " + waitedMs + " ms");
                assertServing(d);
                assertEquals(before, synthesize(d).getContent(), "synthesize goes on from what is indexed");
            }
            d.memory().writeArtifact(newSummary());
            assertTrue(synthesize(d).getContent().contains("| session=new |"));
            assertServing(d);
        }
    }
}
