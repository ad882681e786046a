package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.process.EffectiveUid;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where the run directory is and what makes it acceptable: created 0700, lstat-checked, never followed. */
class RunDirectoryTest {

    @TempDir
    Path dir;

    private final int uid = EffectiveUid.current();

    private Path longRoot() {
        return dir.resolve("w".repeat(80));
    }

    @Test
    void choose_isInsideTheWorkspace_whenSocketPathsFit() {
        Path root = dir.resolve("ws");

        assertEquals(root.resolve(".memoryd/run"), RunDirectory.choose(root, Map.of()));
    }

    @Test
    void choose_tooLongForSocketPaths_isUnderXdgRuntimeDir_namedByTheRootsHash() throws Exception {
        Path runtime = Files.createDirectory(dir.resolve("xdg"));

        Path chosen = RunDirectory.choose(longRoot(), Map.of("XDG_RUNTIME_DIR", runtime.toString()));

        assertEquals(runtime.resolve("memoryd-" + ArtifactBody.sha256(longRoot().toString()).substring(0, 12)), chosen);
    }

    @Test
    void choose_tooLongWithoutXdgRuntimeDir_isAPerUserDirectoryUnderTmp() {
        Path chosen = RunDirectory.choose(longRoot(), Map.of());

        assertEquals(Path.of("/tmp"), chosen.getParent());
        assertTrue(chosen.getFileName().toString().startsWith("memoryd-" + System.getProperty("user.name") + "-"), chosen.toString());
    }

    @Test
    void makePrivate_createsTheDirectoryWithMode0700() throws Exception {
        Path run = dir.resolve("run");

        RunDirectory.makePrivate(run, uid);

        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(run, LinkOption.NOFOLLOW_LINKS)));
        RunDirectory.makePrivate(run, uid); // an existing private directory is fine
    }

    @Test
    void makePrivate_symlinkPlantedAtThePath_isRefusedAndNotFollowed() throws Exception {
        Path target = Files.createDirectory(dir.resolve("elsewhere"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Path run = Files.createSymbolicLink(dir.resolve("run"), target);

        DaemonStartRefused e = assertThrows(DaemonStartRefused.class, () -> RunDirectory.makePrivate(run, uid));

        assertEquals("run directory " + run + " is a symbolic link; refusing to use it", e.getMessage());
        assertEquals(DaemonStartRefused.EXIT_REFUSED, e.exitCode());
        assertTrue(Files.isSymbolicLink(run));
    }

    @Test
    void makePrivate_danglingSymlinkAtThePath_isRefusedAndNothingIsCreatedAtItsTarget() throws Exception {
        Path target = dir.resolve("would-be-created");
        Path run = Files.createSymbolicLink(dir.resolve("run"), target);

        DaemonStartRefused e = assertThrows(DaemonStartRefused.class, () -> RunDirectory.makePrivate(run, uid));

        assertTrue(e.getMessage().endsWith("is a symbolic link; refusing to use it"), e.getMessage());
        assertTrue(Files.notExists(target));
    }

    @Test
    void makePrivate_directoryWithAnotherMode_isRefusedNamingTheMode() throws Exception {
        Path run = Files.createDirectory(dir.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));

        DaemonStartRefused e = assertThrows(DaemonStartRefused.class, () -> RunDirectory.makePrivate(run, uid));

        assertEquals("run directory " + run + " has mode 0755, not 0700 (rwx------); refusing to use it", e.getMessage());
        assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(run)));
    }

    @Test
    void makePrivate_directoryOfAnotherUser_isRefusedNamingBothUids() throws Exception {
        assumeTrue(uid == 0, "changing a directory's owner to uid 65534 needs root; this process is uid " + uid);
        Path run = Files.createDirectory(dir.resolve("run"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Files.setAttribute(run, "unix:uid", 65534, LinkOption.NOFOLLOW_LINKS);

        DaemonStartRefused e = assertThrows(DaemonStartRefused.class, () -> RunDirectory.makePrivate(run, uid));

        assertEquals("run directory " + run + " is owned by uid 65534, not by this user (uid 0); refusing to use it",
                e.getMessage());
    }

    @Test
    void makePrivate_regularFileAtThePath_isRefused() throws Exception {
        Path run = Files.writeString(dir.resolve("run"), "x");

        DaemonStartRefused e = assertThrows(DaemonStartRefused.class, () -> RunDirectory.makePrivate(run, uid));

        assertEquals("run directory " + run + " is not a directory; refusing to use it", e.getMessage());
    }

    @Test
    void recordPid_writesTheRendererAndDaemonPids_readableByTheOwnerOnly() throws Exception {
        Path socket = dir.resolve("r0-1.sock");

        RunDirectory.recordPid(socket, 1234);

        Path pidFile = dir.resolve("r0-1.sock.pid");
        assertEquals("1234 " + ProcessHandle.current().pid(), Files.readString(pidFile).trim());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(pidFile)));
    }

    @Test
    void writePrivate_replacesASymlinkInsteadOfWritingThroughIt() throws Exception {
        Path victim = Files.writeString(dir.resolve("victim"), "keep");
        Path file = Files.createSymbolicLink(dir.resolve("tcp.token"), victim);

        RunDirectory.writePrivate(file, "secret\n");

        assertEquals("keep", Files.readString(victim));
        assertEquals("secret\n", Files.readString(file));
        assertTrue(!Files.isSymbolicLink(file));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
