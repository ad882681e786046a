package io.memoryd.daemon.cli.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.process.cli.CommandSet;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * memoryctl service: the unit's text, and install/uninstall/status with and without a user systemd (a
 * recording fake: no systemd runs here).
 */
class ServiceCommandTest {

    @TempDir
    Path dir;

    /** Records every systemctl invocation; answers "enabled"/"active" and exit 0. */
    private static final class FakeSystemctl implements Systemctl {
        final boolean available;
        final List<String> calls = new ArrayList<>();

        FakeSystemctl(boolean available) {
            this.available = available;
        }

        @Override
        public boolean available() {
            return available;
        }

        @Override
        public Result run(List<String> args) {
            calls.add(String.join(" ", args));
            return new Result(0, args.get(0).equals("is-enabled") ? "enabled" : "active");
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run service(Systemctl systemctl, String... args) throws Exception {
        Map<String, String> env = Map.of("HOME", dir.resolve("home").toString());
        CommandSet syntax = CommandSet.withGlobal(OptionSpec.none().valued("--home", "--socket", "--tcp")
                .flags("--json")).command(ServiceCommand.NAME, ServiceCommand.options());
        List<String> line = new ArrayList<>(List.of("service"));
        line.addAll(List.of(args));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new ServiceCommand(env, "/nonexistent", systemctl, "/opt/memoryd").run(syntax.parse(line),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private Path unitFile() {
        return dir.resolve("home/.config/systemd/user/memoryd.service");
    }

    private static String golden(String name) throws Exception {
        try (InputStream in = ServiceCommandTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theUnit_runsThisCheckoutsLauncherOnTheWorkspace_restartsOnFailure_andOutwaitsTheDrain() throws Exception {
        String text = new ServiceUnit(Path.of("/opt/memoryd/scripts/memoryd"), Path.of("/home/me/.agents")).text();

        assertEquals(golden("memoryd.service"), text);
        assertTrue(ServiceUnit.STOP_TIMEOUT_SECONDS > io.memoryd.daemon.DaemonRuntime.DRAIN_MILLIS / 1000);
    }

    @Test
    void execStartWords_withSpacesOrSystemdSpecials_areQuotedAndEscaped() {
        assertEquals("/plain/path-1.x", ServiceUnit.word("/plain/path-1.x"));
        assertEquals("\"/my work/ws\"", ServiceUnit.word("/my work/ws"));
        assertEquals("\"/a%%b/$$HOME\"", ServiceUnit.word("/a%b/$HOME"));
        assertEquals("\"/q\\\"x\"", ServiceUnit.word("/q\"x"));
    }

    @Test
    void installWithSystemd_writesTheUnitEnablesAndStartsIt_andASecondInstallChangesNothing() throws Exception {
        FakeSystemctl systemctl = new FakeSystemctl(true);
        String home = dir.resolve("ws").toString();

        Run first = service(systemctl, "install", "--home", home);
        String written = Files.readString(unitFile());
        Run second = service(systemctl, "install", "--home", home);

        assertEquals(0, first.code(), first.err());
        assertEquals("wrote " + unitFile() + "\nenabled and started memoryd.service\n", first.out());
        assertEquals(new ServiceUnit(Path.of("/opt/memoryd/scripts/memoryd"), Path.of(home)).text(), written);
        assertEquals("unchanged " + unitFile() + "\nenabled and started memoryd.service\n", second.out());
        assertEquals(written, Files.readString(unitFile()));
        assertEquals(List.of("daemon-reload", "enable --now memoryd.service", "try-restart memoryd.service",
                "enable --now memoryd.service"), systemctl.calls);
    }

    @Test
    void installWithoutSystemd_printsTheUnitAndTheTwoCommands() throws Exception {
        Run r = service(new FakeSystemctl(false), "install", "--home", "/home/me/.agents");

        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("the unit is:\n\n" + golden("memoryd.service") + "\n"), r.out());
        assertTrue(r.out().endsWith("  systemctl --user daemon-reload\n  systemctl --user enable --now "
                + "memoryd.service\n"), r.out());
        assertTrue(Files.isRegularFile(unitFile()));
    }

    @Test
    void uninstall_stopsDisablesAndRemoves_andASecondUninstallIsANoOp() throws Exception {
        FakeSystemctl systemctl = new FakeSystemctl(true);
        service(systemctl, "install");
        systemctl.calls.clear();

        Run first = service(systemctl, "uninstall");
        Run second = service(systemctl, "uninstall");

        assertEquals(new Run(0, "removed " + unitFile() + "\n", ""), first);
        assertEquals(new Run(0, "not installed (no " + unitFile() + ")\n", ""), second);
        assertFalse(Files.exists(unitFile()));
        assertEquals(List.of("disable --now memoryd.service", "daemon-reload"), systemctl.calls);
    }

    @Test
    void status_saysWhetherTheUnitIsThisWorkspacesAndWhatSystemdThinks() throws Exception {
        FakeSystemctl systemctl = new FakeSystemctl(true);
        service(systemctl, "install", "--home", "/a");

        assertEquals(new Run(0, "unit: " + unitFile() + "\nmatches: yes (this workspace and launcher)\n"
                + "enabled: enabled\nactive: active\n", ""), service(systemctl, "status", "--home", "/a"));
        assertTrue(service(systemctl, "status", "--home", "/b").out().contains("matches: no"));
        Files.delete(unitFile());
        assertEquals(new Run(0, "unit: " + unitFile() + " (not installed)\nsystemd: systemctl --user is not "
                + "available here\n", ""), service(new FakeSystemctl(false), "status"));
    }

    @Test
    void aMissingOrUnknownAction_isAUsageError() {
        FakeSystemctl systemctl = new FakeSystemctl(true);

        assertEquals("name an action: install, uninstall, status",
                org.junit.jupiter.api.Assertions.assertThrows(UsageException.class, () -> service(systemctl))
                        .getMessage());
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(UsageException.class,
                () -> service(systemctl, "start")).getMessage().startsWith("unknown service action start"));
        assertTrue(systemctl.calls.isEmpty());
    }
}
