package io.memoryd.daemon.gateway;

import java.time.Duration;

/**
 * What one client can ask of the hook gateway, so that none makes it buffer or wait without bound.
 *
 * @param maxBodyBytes   largest request body; a larger one is answered 413 before it is read whole
 * @param maxConnections connections open at once; one more is answered 503 and closed
 * @param callDeadline   how long a request may take; its work is cancelled and it is answered 504 after
 * @param idleTimeout    a connection that sends nothing for this long is closed
 */
public record GatewayLimits(int maxBodyBytes, int maxConnections, Duration callDeadline, Duration idleTimeout) {

    /**
     * 10 MiB bodies (the gRPC servers' message limit), 256 connections (a few per running agent is plenty),
     * 30 s per call (a session-end's capture is bounded far below it), 60 s idle.
     */
    public static final GatewayLimits DEFAULTS = new GatewayLimits(10 * 1024 * 1024, 256, Duration.ofSeconds(30),
            Duration.ofSeconds(60));
}
