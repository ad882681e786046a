package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.proto.v1.ExitKind;
import io.memoryd.proto.v1.ServedBy;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Supervision through real processes: a renderer out of heap, and the daemon's own socket taken away. */
@Timeout(120)
class SupervisionEndToEndTest {

    @TempDir
    Path dir;

    @Test
    void rendererRunningOutOfHeap_exitsWithStatus3AndIsReplaced_theCallerIsStillAnswered() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(dir.resolve("ws"), "--renderers", "1", "--request-deadline-ms",
                "10000", "--renderer-arg", "--fault-render-exhaust-heap")) {
            SynthesizeResponse r = d.memory().synthesize(SynthesizeRequest.newBuilder().setAgentId("default").build());

            assertEquals(ServedBy.FALLBACK, r.getServedBy());
            assertTrue(r.getContent().startsWith("# Working Memory Summary"), r.getContent());
            var exit = d.awaitPool(s -> s.getSlots(0).getLastExit().getKind() == ExitKind.EXIT_EXITED,
                    Duration.ofSeconds(30)).getSlots(0).getLastExit();
            assertEquals(3, exit.getCode(), "-XX:+ExitOnOutOfMemoryError's status");
            assertTrue(exit.getDetail().contains("OutOfMemoryError"), exit.getDetail());
        }
    }

    @Test
    void daemonSocketDeleted_daemonSaysSoAndExitsWithStatus1_leavingNoRenderer() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(dir.resolve("ws"), "--renderers", "1")) {
            Files.delete(d.socket);

            assertTrue(d.process.waitFor(60, TimeUnit.SECONDS), "the daemon exits once its socket is gone");
            assertEquals(1, d.process.exitValue());
            d.stderrClosed.get(10, TimeUnit.SECONDS);
            assertTrue(d.stderr.stream().anyMatch(l -> l.contains("daemon socket " + d.socket
                    + " was deleted while serving")), "no line says why");
        } // closing checks that no renderer outlived it
    }

    @Test
    void daemonSocketReplaced_daemonExitsWithStatus1_andLeavesTheOtherSocketInPlace() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(dir.resolve("ws"), "--renderers", "1");
                ServerSocketChannel other = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            Files.delete(d.socket);
            other.bind(UnixDomainSocketAddress.of(d.socket));
            Object otherFile = fileKey(d.socket);

            assertTrue(d.process.waitFor(60, TimeUnit.SECONDS), "the daemon exits once its socket is someone else's");
            assertEquals(1, d.process.exitValue());
            assertTrue(Files.exists(d.socket, LinkOption.NOFOLLOW_LINKS), "the daemon removed a socket it did not bind");
            assertEquals(otherFile, fileKey(d.socket));
        }
    }

    private static Object fileKey(Path p) throws Exception {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
