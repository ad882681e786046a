package io.memoryd.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.daemon.supervisor.PoolConfig;
import io.memoryd.daemon.supervisor.RecyclePolicy;
import io.memoryd.process.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daemon's command line turned into its options: defaults, every option, and values out of range. */
class DaemonOptionsTest {

    private static DaemonOptions parse(String... args) {
        return DaemonOptions.from(DaemonOptions.SPEC.parse(List.of(args)), Map.of(), "/home/u");
    }

    @Test
    void noOptions_areTheProductionDefaults() {
        DaemonOptions o = parse();
        PoolConfig defaults = PoolConfig.defaults(2);

        assertEquals(Path.of("/home/u/.agents"), o.root());
        assertEquals(defaults, o.poolConfig());
        assertNull(o.socket());
        assertEquals(Path.of("/run/d/daemon.sock"), o.socketIn(Path.of("/run/d")));
        assertEquals(DaemonOptions.NO_TCP, o.tcpPort());
        assertTrue(o.watch());
        assertEquals(List.of("--safety-net-seconds", "600", "--max-agents", "256"), o.rendererCommandArgs());
    }

    @Test
    void homeComesFromTheEnvironmentWithoutTheOption() {
        DaemonOptions o = DaemonOptions.from(DaemonOptions.SPEC.parse(List.of()), Map.of("MEMORYD_HOME", "/w"), "/h");

        assertEquals(Path.of("/w"), o.root());
    }

    @Test
    void withoutHomeOrVariables_theRootIsHomeFromTheEnvironment_notThePasswdHome() {
        DaemonOptions o = DaemonOptions.from(DaemonOptions.SPEC.parse(List.of()), Map.of("HOME", "/sandbox"), "/h");

        assertEquals(Path.of("/sandbox/.agents"), o.root());
    }

    @Test
    void everyOption_reachesThePoolTheWorkspaceAndTheRenderers() {
        DaemonOptions o = parse("--home", "/w", "--renderers", "3", "--socket", "/s/d.sock", "--tcp-port", "0",
                "--request-deadline-ms", "1500", "--readiness-deadline-ms=2500", "--heal-interval-ms", "3500",
                "--recycle-after-renders", "7", "--recycle-after-minutes", "9", "--max-agents", "4",
                "--safety-net-seconds", "30", "--renderer-arg", "--fault-render-delay-ms", "--renderer-arg", "5");
        PoolConfig pool = o.poolConfig();
        RecyclePolicy defaults = RecyclePolicy.defaults();

        assertEquals(Path.of("/w"), o.root());
        assertEquals(3, pool.renderers());
        assertEquals(Path.of("/s/d.sock"), o.socketIn(Path.of("/run/d")));
        assertEquals(0, o.tcpPort());
        assertEquals(Duration.ofMillis(1500), pool.requestDeadline());
        assertEquals(Duration.ofMillis(2500), pool.readinessDeadline());
        assertEquals(Duration.ofMillis(3500), pool.healInterval());
        assertEquals(new RecyclePolicy(7, defaults.maxHeapFraction(), Duration.ofMinutes(9), defaults.pollInterval(),
                defaults.jitter()), pool.recycle());
        assertEquals(4, pool.maxAgents());
        assertEquals(4, o.workspaceOptions().maxAgents());
        assertEquals(List.of("--fault-render-delay-ms", "5", "--safety-net-seconds", "30", "--max-agents", "4"),
                o.rendererCommandArgs());
    }

    @Test
    void noWatch_turnsWatchingOffForTheDaemonAndTheRenderers() {
        DaemonOptions o = parse("--no-watch");

        assertFalse(o.watch());
        assertFalse(o.workspaceOptions().watch().enabled());
        assertEquals(List.of("--no-watch", "--max-agents", "256"), o.rendererCommandArgs());
    }

    @Test
    void valuesOutOfRange_areUsageErrorsNamingTheOption() {
        assertEquals("--max-agents must be a whole number of at least 1: 0",
                assertThrows(UsageException.class, () -> parse("--max-agents", "0")).getMessage());
        assertEquals("--tcp-port must be a whole number from 0 to 65535: -1",
                assertThrows(UsageException.class, () -> parse("--tcp-port", "-1")).getMessage());
        assertEquals("--request-deadline-ms must be a whole number of at least 1: soon",
                assertThrows(UsageException.class, () -> parse("--request-deadline-ms", "soon")).getMessage());
        assertEquals("--socket must name a path",
                assertThrows(UsageException.class, () -> parse("--socket=")).getMessage());
    }

    @Test
    void headOptions_defaultToTheReferencesSchedule_andEveryOneIsTaken() {
        DaemonOptions d = parse();
        assertEquals(io.memoryd.daemon.head.HeadSchedule.DEFAULTS, d.headSchedule());
        assertEquals(io.memoryd.memory.head.HeadPolicy.DEFAULTS, d.headPolicy());
        assertTrue(d.headScheduling());

        DaemonOptions o = parse("--head-idle-gap-minutes", "0", "--head-min-interval-minutes", "30",
                "--head-check-seconds", "5", "--head-abandon-hours", "2", "--head-on-session-end",
                "--head-lease-seconds", "60", "--head-backups", "3", "--no-head-schedule");
        assertEquals(new io.memoryd.daemon.head.HeadSchedule(Duration.ZERO, Duration.ofMinutes(30),
                Duration.ofSeconds(5), Duration.ofHours(2), true, Duration.ofSeconds(30)), o.headSchedule());
        assertEquals(new io.memoryd.memory.head.HeadPolicy(Duration.ofSeconds(60), 3), o.headPolicy());
        assertFalse(o.headScheduling());
        assertEquals("--head-backups must be a whole number from 1 to 10000: 0",
                assertThrows(UsageException.class, () -> parse("--head-backups", "0")).getMessage());
        assertEquals("--head-check-seconds must be a whole number from 1 to 86400: 0",
                assertThrows(UsageException.class, () -> parse("--head-check-seconds", "0")).getMessage());
    }
}
