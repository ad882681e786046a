package io.memoryd.memory.lock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scope's in-process lock lives only while it is held or waited for. */
class ScopeLocksTest {

    @TempDir
    Path lockDir;

    @Test
    void tenThousandScopes_leaveNoLockBehind() {
        ScopeLocks locks = new ScopeLocks(lockDir);
        for (int i = 0; i < 10_000; i++) {
            locks.withLock("agent-" + i, () -> { });
        }
        assertEquals(0, locks.scopesInUse());
    }

    @Test
    void aNestedHold_keepsTheLockUntilTheOutermostHolderLeaves() {
        ScopeLocks locks = new ScopeLocks(lockDir);
        int inner = locks.withLock("alice", () -> locks.withLock("alice", locks::scopesInUse));
        assertEquals(1, inner);
        assertEquals(0, locks.scopesInUse());
    }
}
