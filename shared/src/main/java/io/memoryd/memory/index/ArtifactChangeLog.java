package io.memoryd.memory.index;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The dirty sets fed by a directory watcher, one per index scope: every changed artifact is recorded in
 * each scope that has run a pass, because each scope consumes changes at its own pace. Lost events make
 * every scope's next pass a full one. Before a scope takes its changes, {@code barrier} must show that the
 * watcher has delivered every event older than the call; when it cannot, the pass is a full one.
 */
public final class ArtifactChangeLog implements ArtifactChanges {

    /** Beyond this many changed files a full pass is about as cheap and needs no bookkeeping. */
    static final int MAX_TRACKED = 20_000;

    private static final class ScopeChanges {
        Set<Path> files = new HashSet<>();
        boolean overflowed;
    }

    private final Predicate<Duration> barrier;
    private final Duration barrierTimeout;
    private final Map<String, ScopeChanges> scopes = new HashMap<>();

    /** @param barrier waits up to the given time for the watcher to catch up; false when it could not */
    public ArtifactChangeLog(Predicate<Duration> barrier, Duration barrierTimeout) {
        this.barrier = barrier;
        this.barrierTimeout = barrierTimeout;
    }

    /** An artifact file was created, modified, renamed into place or deleted. */
    public synchronized void changed(Path file) {
        for (ScopeChanges s : scopes.values()) {
            if (!s.overflowed) {
                s.files.add(file);
                if (s.files.size() > MAX_TRACKED) {
                    s.overflowed = true;
                    s.files = new HashSet<>();
                }
            }
        }
    }

    /** Events may have been lost: the next pass of every scope looks at every file. */
    public synchronized void unknownChanges() {
        for (ScopeChanges s : scopes.values()) {
            s.overflowed = true;
            s.files = new HashSet<>();
        }
    }

    @Override
    public ChangeSet take(String scope) {
        synchronized (this) {
            ScopeChanges s = scopes.get(scope);
            if (s == null) {
                // From now on the scope hears every event; its first pass is a full one.
                scopes.put(scope, new ScopeChanges());
                return ChangeSet.UNKNOWN;
            }
            if (s.overflowed) {
                // A full pass looks at every file anyway: no need to wait for the watcher first.
                s.files = new HashSet<>();
                s.overflowed = false;
                return ChangeSet.UNKNOWN;
            }
        }
        boolean caughtUp = barrier.test(barrierTimeout);
        synchronized (this) {
            ScopeChanges s = scopes.get(scope);
            if (s == null) {
                return ChangeSet.UNKNOWN; // forgotten meanwhile: start over as a new scope would
            }
            Set<Path> files = s.files;
            boolean complete = caughtUp && !s.overflowed;
            s.files = new HashSet<>();
            s.overflowed = false;
            return complete ? new ChangeSet(true, Set.copyOf(files)) : ChangeSet.UNKNOWN;
        }
    }

    @Override
    public synchronized void lost(String scope) {
        ScopeChanges s = scopes.get(scope);
        if (s != null) {
            s.overflowed = true;
            s.files = new HashSet<>();
        }
    }

    /**
     * Stops recording changes for a scope whose state this process let go of: its next pass is a full
     * one, as for a scope never seen.
     */
    public synchronized void forget(String scope) {
        scopes.remove(scope);
    }

    /** The scopes that have run a pass, for the safety-net timer. */
    public synchronized Set<String> scopes() {
        return Set.copyOf(scopes.keySet());
    }
}
