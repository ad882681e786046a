package io.memoryd.process.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Commands with global options: where the command is found, and which options each accepts. */
class CommandSetTest {

    private static final CommandSet CTL = CommandSet.withGlobal(OptionSpec.none().valued("--home", "--socket")
                    .flags("--json"))
            .command("health", OptionSpec.none())
            .command("synthesize", OptionSpec.none().valued("--agent", "--max-tokens"));

    private static CommandArgs parse(CommandSet set, String... args) {
        return set.parse(List.of(args));
    }

    @Test
    void globalOptions_areAcceptedBeforeOrAfterTheCommand() {
        CommandArgs before = parse(CTL, "--home", "/w", "--json", "synthesize", "--agent", "a");
        CommandArgs after = parse(CTL, "synthesize", "--agent", "a", "--home", "/w", "--json");

        for (CommandArgs a : List.of(before, after)) {
            assertEquals("synthesize", a.command());
            assertEquals("/w", a.get("--home", null));
            assertEquals("a", a.get("--agent", null));
            assertTrue(a.has("--json"));
            assertEquals(List.of(), a.positionals());
        }
    }

    @Test
    void aCommandsOwnOption_mayAlsoComeBeforeIt() {
        assertEquals("a", parse(CTL, "--agent=a", "synthesize").get("--agent", null));
    }

    @Test
    void anOptionsValue_isNotTakenForTheCommand() {
        CommandArgs a = parse(CTL, "--home", "health", "synthesize");

        assertEquals("synthesize", a.command());
        assertEquals("health", a.get("--home", null));
    }

    @Test
    void anotherCommandsOption_isRefusedNamingItAndTheCommand() {
        UsageException e = assertThrows(UsageException.class, () -> parse(CTL, "health", "--agent", "a"));

        assertEquals("unknown option --agent for health", e.getMessage());
        assertEquals("health", e.command());
    }

    @Test
    void anOptionNoCommandKnows_isRefusedNamingIt_evenBeforeTheCommand() {
        assertEquals("unknown option --bogus",
                assertThrows(UsageException.class, () -> parse(CTL, "--bogus", "x", "health")).getMessage());
        assertEquals("unknown option --bogus for health",
                assertThrows(UsageException.class, () -> parse(CTL, "health", "--bogus")).getMessage());
    }

    @Test
    void unknownCommand_isRefusedNamingIt() {
        UsageException e = assertThrows(UsageException.class, () -> parse(CTL, "--json", "synthesise"));

        assertEquals("unknown command synthesise", e.getMessage());
        assertNull(e.command());
    }

    @Test
    void aSecondPositional_isRefused() {
        assertEquals("unexpected argument pool",
                assertThrows(UsageException.class, () -> parse(CTL, "health", "pool")).getMessage());
    }

    @Test
    void noCommand_withoutADefault_acceptsOnlyGlobalOptions() {
        CommandArgs a = parse(CTL, "--home", "/w", "--help");

        assertNull(a.command());
        assertTrue(a.helpRequested());
        assertEquals("unknown option --agent",
                assertThrows(UsageException.class, () -> parse(CTL, "--agent", "a")).getMessage());
    }

    @Test
    void noCommand_withADefault_parsesAsTheDefaultCommand() {
        CommandSet memoryd = CommandSet.withGlobal(OptionSpec.none())
                .command("daemon", OptionSpec.none().valued("--home", "--renderers"))
                .command("render", OptionSpec.none().valued("--home", "--agent"))
                .defaultCommand("daemon");

        CommandArgs a = parse(memoryd, "--renderers", "1", "--home", "/w");

        assertEquals("daemon", a.command());
        assertEquals("1", a.get("--renderers", null));
        assertEquals("render", parse(memoryd, "--home", "/w", "render").command());
        assertEquals("unknown option --renderers for render", assertThrows(UsageException.class,
                () -> parse(memoryd, "render", "--renderers", "1")).getMessage());
    }

    @Test
    void doubleDash_endsTheOptionsAndTheNextArgumentIsTheCommand() {
        assertEquals("health", parse(CTL, "--json", "--", "health").command());
    }

    @Test
    void anOptionThatTakesAValueInOneCommandAndNoneInAnother_isAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> CommandSet.withGlobal(OptionSpec.none())
                .command("a", OptionSpec.none().valued("--x")).command("b", OptionSpec.none().flags("--x")));
    }
}
