package io.memoryd.process.socket;

import io.netty.channel.Channel;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.kqueue.KQueue;
import io.netty.channel.kqueue.KQueueDomainSocketChannel;
import io.netty.channel.kqueue.KQueueIoHandler;
import io.netty.channel.kqueue.KQueueServerDomainSocketChannel;
import io.netty.channel.kqueue.KQueueServerSocketChannel;
import java.util.function.Supplier;

/**
 * The Netty native transport of this platform, the only one that speaks Unix domain sockets: epoll on Linux
 * (x86_64, aarch64), kqueue on macOS. The build puts the matching native library on the class path (the
 * {@code os.detected.classifier} of os-maven-plugin); this record picks whichever of the two loaded. Every
 * memoryd server and channel is built on it, so no other class names epoll or kqueue.
 *
 * @param name                   {@code epoll} or {@code kqueue}, for messages
 * @param ioHandlers             the factory of event-loop I/O handlers
 * @param serverDomainSocket     the channel type of a server on a Unix socket
 * @param domainSocket           the channel type of a client on a Unix socket
 * @param serverSocket           the channel type of a server on TCP
 */
public record NativeTransport(String name, Supplier<IoHandlerFactory> ioHandlers,
        Class<? extends ServerChannel> serverDomainSocket, Class<? extends Channel> domainSocket,
        Class<? extends ServerChannel> serverSocket) {

    /**
     * The transport of this platform.
     *
     * @throws IllegalStateException naming the platform and why neither transport loaded
     */
    public static NativeTransport forThisPlatform() {
        if (Epoll.isAvailable()) {
            return new NativeTransport("epoll", EpollIoHandler::newFactory, EpollServerDomainSocketChannel.class,
                    EpollDomainSocketChannel.class, EpollServerSocketChannel.class);
        }
        if (KQueue.isAvailable()) {
            return new NativeTransport("kqueue", KQueueIoHandler::newFactory, KQueueServerDomainSocketChannel.class,
                    KQueueDomainSocketChannel.class, KQueueServerSocketChannel.class);
        }
        IllegalStateException e = new IllegalStateException("no Netty native transport for Unix sockets on "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch")
                + " (memoryd runs on Linux x86_64/aarch64 with epoll and macOS with kqueue)");
        e.addSuppressed(Epoll.unavailabilityCause());
        e.addSuppressed(KQueue.unavailabilityCause());
        throw e;
    }
}
