package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.memoryd.daemon.cli.MemoryCtl;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.DaemonStatus;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.process.EffectiveUid;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon keeps to its user, through real processes: a private run directory (refused when it is
 * not), 0600 sockets, pid files and token, same-user Unix sockets, a bearer token on the TCP port.
 */
@Timeout(180)
class PrivateDaemonAccessTest {

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    @TempDir
    Path dir;
    Path home;

    @BeforeEach
    void workspace() {
        home = dir.resolve("ws");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void runDirectory_isTheUsers0700_andItsSocketsPidFilesTokenAndTheLockAre0600() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--tcp-port", "0")) {
            Path run = d.socket.getParent();
            assertEquals(RunDirectory.choose(home.toAbsolutePath().normalize()), run);
            assertEquals("rwx------", mode(run));
            assertEquals(EffectiveUid.current(), (Integer) Files.getAttribute(run, "unix:uid", LinkOption.NOFOLLOW_LINKS));
            List<Path> files;
            try (Stream<Path> list = Files.list(run)) {
                files = list.toList();
            }
            assertEquals(2, files.stream().filter(p -> p.toString().matches(".*/r[0-9]+-[0-9]+\\.sock")).count(), files.toString());
            assertEquals(2, files.stream().filter(p -> p.toString().endsWith(".pid")).count(), files.toString());
            for (Path p : files) {
                assertEquals("rw-------", mode(p), p.toString());
            }
            assertTrue(files.contains(run.resolve(LoopbackToken.FILE_NAME)), files.toString());
            assertEquals("rw-------", mode(home.resolve(".memoryd").resolve(DaemonLock.FILE_NAME)));
        }
    }

    @Test
    void runDirectory_symlinkPlantedAtItsPath_daemonRefusesWithOneLine_exit1_andWritesNothingThere() throws Exception {
        Path runtime = Files.createDirectory(dir.resolve("xdg"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path longHome = dir.resolve("w".repeat(80));
        Path run = RunDirectory.choose(longHome, Map.of("XDG_RUNTIME_DIR", runtime.toString()));
        assertEquals(runtime, run.getParent());
        Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        Files.createSymbolicLink(run, elsewhere);
        Path err = dir.resolve("daemon.err");

        ProcessBuilder builder = new ProcessBuilder(DaemonProcess.command(longHome))
                .redirectOutput(dir.resolve("daemon.out").toFile()).redirectError(err.toFile());
        builder.environment().put("XDG_RUNTIME_DIR", runtime.toString());
        Process daemon = builder.start();

        assertTrue(DaemonProcess.endsByItself(daemon, 60), "the daemon started on a symlinked run directory");
        assertEquals(1, daemon.exitValue());
        assertEquals(List.of("memoryd: run directory " + run + " is a symbolic link; refusing to use it"),
                Files.readAllLines(err));
        try (Stream<Path> inside = Files.list(elsewhere)) {
            assertEquals(List.of(), inside.toList());
        }
    }

    @Test
    void unixSocket_callerOfAnotherUid_getsPermissionDenied_evenWhenTheSocketModeLetsItConnect() throws Exception {
        assumeTrue(EffectiveUid.current() == 0, "running a client as uid 65534 needs root");
        assumeTrue(Files.isExecutable(SETPRIV), "running a client as uid 65534 needs " + SETPRIV);
        assumeTrue(new ProcessBuilder(asNobody(List.of("true"))).start().waitFor() == 0,
                "setpriv cannot switch to uid 65534 here");
        // The test classpath (under the build user's home) is not readable by uid 65534: it gets a copy.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx--x--x"));
        String classpath = readableCopyOfClasspath(Files.createDirectory(dir.resolve("cp")));
        Path socketDir = Files.createDirectory(dir.resolve("pub"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path socket = socketDir.resolve("daemon.sock");

        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--socket", socket.toString())) {
            // What the file modes would normally stop: the directory and the socket opened to everyone.
            Files.setPosixFilePermissions(socketDir, PosixFilePermissions.fromString("rwx--x--x"));
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-rw-rw-"));
            List<String> probe = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:+UseSerialGC", "-XX:-UsePerfData", "-cp", classpath, SocketHealthProbe.class.getName(),
                    socket.toString());

            assertEquals("PERMISSION_DENIED", run(asNobody(probe)));
            assertEquals(DaemonStatus.DAEMON_SERVING.name(), run(probe));
        }
    }

    @Test
    void hookGateway_connectionOfAnotherUid_isClosedUnanswered_evenWhenTheSocketModeLetsItConnect() throws Exception {
        assumeTrue(EffectiveUid.current() == 0, "running a client as uid 65534 needs root");
        assumeTrue(Files.isExecutable(SETPRIV), "running a client as uid 65534 needs " + SETPRIV);
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")), "the gateway's client here is curl");
        assumeTrue(new ProcessBuilder(asNobody(List.of("true"))).start().waitFor() == 0,
                "setpriv cannot switch to uid 65534 here");
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1")) {
            Path hooks = RunDirectory.hooksSocket(d.socket.getParent());
            // What the file modes would normally stop: every directory on the way and the socket opened up.
            for (Path p = hooks.getParent(); p.startsWith(dir); p = p.getParent()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx--x--x"));
            }
            Files.setPosixFilePermissions(hooks, PosixFilePermissions.fromString("rw-rw-rw-"));
            List<String> curl = List.of("/usr/bin/curl", "-q", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                    "--unix-socket", hooks.toString(), "http://memoryd/v1/health");

            Process nobody = new ProcessBuilder(asNobody(curl)).start();
            String nobodyStatus = new String(nobody.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(DaemonProcess.endsByItself(nobody, 30));
            assertTrue(nobody.exitValue() != 0, "another uid got an answer: " + nobodyStatus);
            assertEquals("000", nobodyStatus, "no HTTP status: the connection was closed unanswered");
            assertEquals("200", run(curl));
        }
    }

    private static List<String> asNobody(List<String> command) {
        List<String> full = new ArrayList<>(List.of(SETPRIV.toString(), "--reuid=65534", "--regid=65534", "--clear-groups"));
        full.addAll(command);
        return full;
    }


    /** Runs a client JVM to its end and returns its last stdout line; its stderr goes to the test's. */
    private String run(List<String> command) throws Exception {
        Path out = Files.createTempFile(dir, "probe", ".out");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertTrue(DaemonProcess.endsByItself(p, 60), "client " + command + " did not end");
        List<String> lines = Files.readAllLines(out);
        assertEquals(0, p.exitValue(), "client " + command + " failed: " + lines);
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    /** Copies every classpath entry below {@code into}, readable by everyone; returns the new classpath. */
    private static String readableCopyOfClasspath(Path into) throws IOException {
        List<String> entries = new ArrayList<>();
        int n = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path source = Path.of(entry);
            if (!Files.exists(source)) {
                continue;
            }
            Path target = into.resolve(n++ + "-" + source.getFileName());
            if (Files.isDirectory(source)) {
                try (Stream<Path> tree = Files.walk(source)) {
                    for (Path p : tree.toList()) {
                        Files.copy(p, target.resolve(source.relativize(p).toString()));
                    }
                }
            } else {
                Files.copy(source, target);
            }
            entries.add(target.toString());
        }
        Files.setPosixFilePermissions(into, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> tree = Files.walk(into)) {
            for (Path p : tree.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(
                        Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    @Test
    void tcpPort_callWithoutTheTokenOrWithAWrongOne_isUnauthenticated_withTheTokenItIsServed() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--tcp-port", "0")) {
            String address = d.readyLine.split(" ")[2];
            String token = LoopbackToken.read(d.socket.getParent());

            StatusRuntimeException none = healthOverTcp(address, null);
            StatusRuntimeException wrong = healthOverTcp(address, token.substring(1) + "x");

            assertNotNull(none, "a call without a token was served");
            assertNotNull(wrong, "a call with a wrong token was served");
            assertEquals(Status.Code.UNAUTHENTICATED, none.getStatus().getCode());
            assertTrue(none.getStatus().getDescription().contains(LoopbackToken.file(d.socket.getParent()).toString()),
                    none.getStatus().getDescription());
            assertEquals(Status.Code.UNAUTHENTICATED, wrong.getStatus().getCode());
            assertNull(healthOverTcp(address, token));
        }
    }

    /** A health call over TCP with {@code token} (none when null); the failure, or null when it was served. */
    private static StatusRuntimeException healthOverTcp(String address, String token) throws InterruptedException {
        NettyChannelBuilder builder = NettyChannelBuilder.forTarget(address).usePlaintext();
        if (token != null) {
            Metadata headers = new Metadata();
            headers.put(LoopbackToken.AUTHORIZATION, LoopbackToken.headerValue(token));
            builder.intercept(MetadataUtils.newAttachHeadersInterceptor(headers));
        }
        ManagedChannel channel = builder.build();
        try {
            DaemonStatus status = DaemonServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
                    .health(HealthRequest.getDefaultInstance()).getStatus();
            assertEquals(DaemonStatus.DAEMON_SERVING, status);
            return null;
        } catch (StatusRuntimeException e) {
            return e;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void memoryctlWithTcp_sendsTheTokenFromTheRunDirectory() throws Exception {
        try (DaemonProcess d = DaemonProcess.start(home, "--renderers", "1", "--tcp-port", "0")) {
            String address = d.readyLine.split(" ")[2];
            Path out = dir.resolve("ctl.out");
            Path err = dir.resolve("ctl.err");

            Process ctl = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), MemoryCtl.class.getName(), "health",
                    "--home", home.toString(), "--tcp", address, "--json")
                    .redirectOutput(out.toFile()).redirectError(err.toFile()).start();

            assertTrue(DaemonProcess.endsByItself(ctl, 60), "memoryctl did not end");
            assertEquals(0, ctl.exitValue(), Files.readString(err, StandardCharsets.UTF_8));
            assertTrue(Files.readString(out).contains("DAEMON_SERVING"), Files.readString(out));
        }
    }
}
