package io.memoryd.process.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.event.Level;

class StderrLogProviderTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String printed() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void levels_followTheStderrLogbackConfiguration() {
        StderrLogProvider provider = new StderrLogProvider(err, null);

        assertEquals(Level.INFO, provider.thresholdOf("io.memoryd.daemon.RunDirectory"));
        assertEquals(Level.ERROR, provider.thresholdOf("io.netty.bootstrap.AbstractBootstrap"));
        assertEquals(Level.INFO, provider.thresholdOf("io.netty.channel.epoll.Epoll"));
        assertEquals(Level.INFO, provider.thresholdOf("io.nettybootstrap.Lookalike"));
    }

    @Test
    void memorydLogLevel_setsMemorydsOwnLoggersOnly() {
        StderrLogProvider provider = new StderrLogProvider(err, " debug ");

        assertEquals(Level.DEBUG, provider.thresholdOf("io.memoryd.renderer.RendererMain"));
        assertEquals(Level.INFO, provider.thresholdOf("io.grpc.internal.ManagedChannelImpl"));
    }

    @Test
    void memorydLogLevelThatIsNoLevel_meansInfo() {
        assertEquals(Level.INFO, new StderrLogProvider(err, "loud").thresholdOf("io.memoryd.X"));
    }

    @Test
    void anEventAtTheThreshold_isOneFormattedLine() {
        Logger log = new StderrLogProvider(err, null).getLogger("io.memoryd.daemon.cli.MemoryCtl");

        log.warn("socket {} answered {}", "/run/d.sock", 7);

        String line = printed();
        assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} WARN  MemoryCtl - socket /run/d\\.sock answered 7\\R"),
                line);
    }

    @Test
    void anEventBelowTheThreshold_printsNothing() {
        StderrLogProvider provider = new StderrLogProvider(err, null);
        Logger bootstrap = provider.getLogger("io.netty.bootstrap.AbstractBootstrap");
        Logger memoryd = provider.getLogger("io.memoryd.X");

        bootstrap.warn("Unknown channel option 'SO_KEEPALIVE'");
        memoryd.debug("timing");

        assertFalse(bootstrap.isWarnEnabled());
        assertTrue(bootstrap.isErrorEnabled());
        assertFalse(memoryd.isDebugEnabled());
        assertEquals("", printed());
    }

    @Test
    void aThrowable_followsItsLineWithItsStackTrace() {
        Logger log = new StderrLogProvider(err, null).getLogger("io.grpc.Thing");

        log.error("call failed", new IllegalStateException("boom"));

        String[] lines = printed().split("\\R");
        assertTrue(lines[0].endsWith("ERROR Thing - call failed"), lines[0]);
        assertEquals("java.lang.IllegalStateException: boom", lines[1]);
        assertTrue(lines[2].trim().startsWith("at io.memoryd.process.cli.StderrLogProviderTest"), lines[2]);
    }

    @Test
    void oneNameHasOneLogger() {
        StderrLogProvider provider = new StderrLogProvider(err, null);

        assertSame(provider.getLogger("a.B"), provider.getLogger("a.B"));
        assertSame(provider, provider.getLoggerFactory());
    }
}
