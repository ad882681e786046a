package io.memoryd.process.socket;

/**
 * The process at the other end of a Unix socket connection, as the kernel vouches for it
 * ({@code SO_PEERCRED}, read once when the connection is accepted).
 */
record SocketPeer(int uid, int pid) {
}
