package io.memoryd.process.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The parsing rules every memoryd command shares, on one command's options. */
class CommandArgsTest {

    private static final OptionSpec SPEC = OptionSpec.none().valued("--home", "--runs", "--port")
            .repeatable("--renderer-arg").flags("--json");

    private static CommandArgs parse(String... args) {
        return SPEC.parse(List.of(args));
    }

    @Test
    void valuedOption_acceptsASeparateOrAnInlineValue() {
        assertEquals("/w", parse("--home", "/w").get("--home", null));
        assertEquals("/w", parse("--home=/w").get("--home", null));
        assertEquals("a=b", parse("--home=a=b").get("--home", null));
        assertEquals("", parse("--home=").get("--home", null));
    }

    @Test
    void valuedOption_takesTheNextArgumentEvenWhenItLooksLikeAnOption() {
        CommandArgs a = parse("--renderer-arg", "--no-watch", "--home", "-x");

        assertEquals(List.of("--no-watch"), a.all("--renderer-arg"));
        assertEquals("-x", a.get("--home", null));
    }

    @Test
    void valuedOptionGivenTwice_keepsTheLastValue() {
        assertEquals("/b", parse("--home", "/a", "--home=/b").get("--home", null));
    }

    @Test
    void repeatableOption_keepsEveryValueInOrder() {
        CommandArgs a = parse("--renderer-arg", "--fault-exit-at-start", "--json", "--renderer-arg=3");

        assertEquals(List.of("--fault-exit-at-start", "3"), a.all("--renderer-arg"));
        assertEquals(List.of(), parse().all("--renderer-arg"));
    }

    @Test
    void absentOption_givesTheFallbackAndIsNotThere() {
        CommandArgs a = parse("--json");

        assertEquals("fallback", a.get("--home", "fallback"));
        assertFalse(a.has("--home"));
        assertTrue(a.has("--json"));
        assertEquals(7, a.getInt("--runs", 7, 1, 10));
    }

    @Test
    void flag_withAnInlineValue_isRefusedNamingIt() {
        UsageException e = assertThrows(UsageException.class, () -> parse("--json=yes"));

        assertEquals("option --json takes no value: --json=yes", e.getMessage());
    }

    @Test
    void unknownOption_isRefusedNamingIt_alsoInItsInlineForm() {
        assertEquals("unknown option --bogus", assertThrows(UsageException.class,
                () -> parse("--json", "--bogus", "1")).getMessage());
        assertEquals("unknown option --bogus", assertThrows(UsageException.class,
                () -> parse("--bogus=1")).getMessage());
        assertEquals("unknown option -x", assertThrows(UsageException.class, () -> parse("-x")).getMessage());
    }

    @Test
    void valuedOptionAtTheEnd_withoutItsValue_isRefusedNamingIt() {
        assertEquals("option --home needs a value",
                assertThrows(UsageException.class, () -> parse("--json", "--home")).getMessage());
    }

    @Test
    void positionalArgument_isRefusedWhenNoneAreDeclared() {
        assertEquals("unexpected argument extra",
                assertThrows(UsageException.class, () -> parse("--json", "extra")).getMessage());
    }

    @Test
    void declaredPositionals_mixWithOptions_andEverythingAfterDoubleDashIsPositional() {
        CommandArgs a = SPEC.positionals(3).parse(List.of("one", "--json", "two", "--", "--home"));

        assertEquals(List.of("one", "two", "--home"), a.positionals());
        assertTrue(a.has("--json"));
        assertFalse(a.has("--home"));
    }

    @Test
    void wholeNumber_acceptsDigitSeparators() {
        assertEquals(30000, parse("--runs", "30_000").getInt("--runs", 0));
        assertEquals(30000, parse("--runs", "30,000").getInt("--runs", 0));
    }

    @Test
    void wholeNumberOutOfRange_isRefusedNamingTheOptionTheRangeAndTheValue() {
        assertEquals("--port must be a whole number from 0 to 65535: 70000", assertThrows(UsageException.class,
                () -> parse("--port", "70000").getInt("--port", -1, 0, 65535)).getMessage());
        assertEquals("--runs must be a whole number of at least 1: 0", assertThrows(UsageException.class,
                () -> parse("--runs", "0").getInt("--runs", 5, 1, Integer.MAX_VALUE)).getMessage());
        assertEquals("--runs must be a whole number of at most 9: 10", assertThrows(UsageException.class,
                () -> parse("--runs", "10").getLong("--runs", 5, Long.MIN_VALUE, 9)).getMessage());
    }

    @Test
    void notANumber_isRefusedNamingTheOption() {
        assertEquals("--runs must be a whole number: five", assertThrows(UsageException.class,
                () -> parse("--runs", "five").getInt("--runs", 5)).getMessage());
        assertEquals("--runs must be a whole number: 99999999999", assertThrows(UsageException.class,
                () -> parse("--runs", "99999999999").getInt("--runs", 5)).getMessage());
    }

    @Test
    void requiredOption_missing_isAUsageErrorNamingIt() {
        assertEquals("--home is required",
                assertThrows(UsageException.class, () -> parse().required("--home")).getMessage());
        assertEquals("/w", parse("--home", "/w").required("--home"));
    }

    @Test
    void helpAndVersion_areFlagsOfEveryCommand() {
        assertTrue(OptionSpec.none().parse(List.of("--help")).helpRequested());
        assertTrue(OptionSpec.none().parse(List.of("-h")).helpRequested());
        assertTrue(OptionSpec.none().parse(List.of("--version")).versionRequested());
        assertFalse(OptionSpec.none().parse(List.of()).helpRequested());
    }

    @Test
    void askingForAnUndeclaredOption_isAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> parse().get("--homme", null));
    }

    @Test
    void declaringAnOptionTwiceOrWithoutDashes_isAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> OptionSpec.none().valued("--a").flags("--a"));
        assertThrows(IllegalArgumentException.class, () -> OptionSpec.none().valued("home"));
        assertThrows(IllegalArgumentException.class, () -> OptionSpec.none().valued("--a").with(
                OptionSpec.none().flags("--a")));
    }

    @Test
    void given_isTheArgumentListAsTyped_andTheCommandIsNullWithoutCommands() {
        CommandArgs a = parse("--home=/w", "--json");

        assertEquals(List.of("--home=/w", "--json"), a.given());
        assertNull(a.command());
    }
}
