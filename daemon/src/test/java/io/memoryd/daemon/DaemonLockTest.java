package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The workspace lock within one process (the two-daemon test is {@link OneDaemonPerWorkspaceTest}). */
class DaemonLockTest {

    @TempDir
    Path dir;

    @Test
    void acquire_createsTheWorkspace_andRecordsThisPidInAPrivateLockFile() throws Exception {
        Path root = dir.resolve("new-ws");

        try (DaemonLock lock = DaemonLock.acquire(root)) {
            Path file = root.resolve(".memoryd").resolve(DaemonLock.FILE_NAME);
            assertEquals(Long.toString(ProcessHandle.current().pid()), Files.readString(file).trim());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(".memoryd"))));
        }
    }

    @Test
    void acquire_whileHeld_isRefusedNamingTheRootAndTheHolder_exitCode3() throws Exception {
        Path root = dir.resolve("ws");
        try (DaemonLock held = DaemonLock.acquire(root)) {
            DaemonStartRefused e = assertThrows(DaemonStartRefused.class, () -> DaemonLock.acquire(root));

            assertEquals("already running for " + root + " (pid " + ProcessHandle.current().pid() + ")", e.getMessage());
            assertEquals(3, e.exitCode());
        }
    }

    @Test
    void acquire_afterRelease_succeeds() throws Exception {
        Path root = dir.resolve("ws");
        DaemonLock.acquire(root).close();

        DaemonLock.acquire(root).close();
    }
}
