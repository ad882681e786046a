package io.memoryd.process.socket;

import io.netty.channel.EventLoopGroup;

/**
 * The Netty event loops of a Unix-socket server and the transport they run on, so that a second server of
 * the same process can accept and serve its connections on them instead of starting threads of its own.
 * The server that created them owns them and shuts them down.
 *
 * @param transport the native transport the loops were built for
 * @param boss      accepts connections
 * @param workers   serves accepted connections
 */
public record ServingLoops(NativeTransport transport, EventLoopGroup boss, EventLoopGroup workers) {
}
