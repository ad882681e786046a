package io.memoryd.process.socket;

import io.netty.channel.Channel;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.unix.PeerCredentials;
import java.io.IOException;
import java.util.Optional;

/**
 * The process at the other end of a Unix socket connection, as the kernel vouches for it
 * ({@code SO_PEERCRED} on Linux, {@code LOCAL_PEERCRED} on macOS, read once when the connection is accepted).
 */
public record SocketPeer(int uid, int pid) {

    /** The peer of a Unix-socket channel of either native transport; empty when the kernel did not say. */
    public static Optional<SocketPeer> of(Channel channel) {
        try {
            // The two native transports each have their own domain-socket channel type.
            PeerCredentials credentials;
            if (channel instanceof EpollDomainSocketChannel epoll) {
                credentials = epoll.peerCredentials();
            } else if (channel instanceof KQueueDomainSocketChannel kqueue) {
                credentials = kqueue.peerCredentials();
            } else {
                return Optional.empty();
            }
            return Optional.of(new SocketPeer(credentials.uid(), credentials.pid()));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
