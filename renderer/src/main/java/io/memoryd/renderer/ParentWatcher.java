package io.memoryd.renderer;

import java.io.IOException;
import java.io.InputStream;

/**
 * Notices that the parent died, however it died: the kernel closes the parent's end of our stdin pipe,
 * so a read returns EOF. No polling, no race with the parent's death.
 */
final class ParentWatcher {

    private ParentWatcher() {
    }

    /** Starts a daemon thread that runs {@code onParentGone} when {@code stdin} reaches EOF or fails. */
    static Thread start(InputStream stdin, Runnable onParentGone) {
        Thread t = new Thread(() -> {
            byte[] buffer = new byte[256];
            try {
                while (stdin.read(buffer) >= 0) {
                    // the parent sends nothing; anything read is ignored
                }
            } catch (IOException e) {
                // a broken pipe means the same as EOF
            }
            onParentGone.run();
        }, "memoryd-parent-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }
}
