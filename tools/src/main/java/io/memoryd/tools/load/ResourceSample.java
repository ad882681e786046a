package io.memoryd.tools.load;

/**
 * Resources of the daemon and its renderers at one moment, read from the health and pool RPCs.
 *
 * @param atMillis ms since the run started
 * @param daemonFds open descriptors of the daemon; {@code daemonInotify} of them are inotify instances
 * @param rendererFds open descriptors of all renderers together (-1 when a renderer had not reported)
 */
public record ResourceSample(long atMillis, int daemonFds, int daemonInotify, long daemonRssBytes, int rendererFds,
        long rendererRssBytes, String poolMode) {

    public long totalRssBytes() {
        return daemonRssBytes + rendererRssBytes;
    }
}
