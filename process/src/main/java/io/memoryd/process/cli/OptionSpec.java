package io.memoryd.process.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The options one command accepts: valued options ({@code --home DIR}), repeatable valued options
 * ({@code --renderer-arg ARG}, given any number of times) and flags ({@code --json}), plus how many positional
 * arguments may follow. {@code --help} (also {@code -h}) and {@code --version} are flags of every command.
 * Immutable: each method returns a new declaration, so a shared part can be extended per command.
 * The rules of parsing are {@link CommandArgs}'s.
 */
public final class OptionSpec implements CommandSyntax {

    /** Accepted by every command: print the usage on stdout and exit 0. */
    public static final String HELP = "--help";
    /** {@link #HELP}'s short form. */
    public static final String HELP_SHORT = "-h";
    /** Accepted by every command: print {@code memoryd <version>} on stdout and exit 0. */
    public static final String VERSION = "--version";

    private static final Set<String> BUILT_IN_FLAGS = Set.of(HELP, HELP_SHORT, VERSION);

    private final Set<String> valued;
    private final Set<String> repeatable;
    private final Set<String> flags;
    private final int maxPositionals;

    private OptionSpec(Set<String> valued, Set<String> repeatable, Set<String> flags, int maxPositionals) {
        this.valued = Set.copyOf(valued);
        this.repeatable = Set.copyOf(repeatable);
        this.flags = Set.copyOf(flags);
        this.maxPositionals = maxPositionals;
    }

    /** A command with no options of its own (only the built-in ones) and no positional arguments. */
    public static OptionSpec none() {
        return new OptionSpec(Set.of(), Set.of(), BUILT_IN_FLAGS, 0);
    }

    /** These options, each taking one value; given twice, the last value counts. */
    public OptionSpec valued(String... names) {
        Set<String> more = plus(valued, checked(names));
        return new OptionSpec(more, repeatable, flags, maxPositionals);
    }

    /** These options, each taking one value and allowed any number of times (all values kept in order). */
    public OptionSpec repeatable(String... names) {
        List<String> checked = checked(names);
        return new OptionSpec(plus(valued, checked), plus(repeatable, checked), flags, maxPositionals);
    }

    /** These options, taking no value. */
    public OptionSpec flags(String... names) {
        return new OptionSpec(valued, repeatable, plus(flags, checked(names)), maxPositionals);
    }

    /** Up to {@code max} positional arguments (none unless declared). */
    public OptionSpec positionals(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("positionals must be at least 0, got " + max);
        }
        return new OptionSpec(valued, repeatable, flags, max);
    }

    /** Both commands' options together, and the larger number of positionals. */
    public OptionSpec with(OptionSpec other) {
        OptionSpec merged = new OptionSpec(plus(valued, other.valued), plus(repeatable, other.repeatable),
                plus(flags, other.flags), Math.max(maxPositionals, other.maxPositionals));
        merged.checkDisjoint();
        return merged;
    }

    /** Whether {@code name} is an option here that takes a value. */
    public boolean takesValue(String name) {
        return valued.contains(name);
    }

    /** Whether {@code name} may be given more than once, every value kept. */
    public boolean isRepeatable(String name) {
        return repeatable.contains(name);
    }

    /** Whether {@code name} is an option here that takes no value. */
    public boolean isFlag(String name) {
        return flags.contains(name);
    }

    /** Whether {@code name} is declared here at all. */
    public boolean declares(String name) {
        return valued.contains(name) || flags.contains(name);
    }

    /** How many positional arguments may be given. */
    public int maxPositionals() {
        return maxPositionals;
    }

    @Override
    public CommandArgs parse(List<String> args) {
        return CommandArgs.parse(args, this, null, -1);
    }

    private List<String> checked(String... names) {
        for (String name : names) {
            if (!name.startsWith("--") || name.length() < 3 || name.contains("=")) {
                throw new IllegalArgumentException("an option is --name without '=': " + name);
            }
            if (declares(name)) {
                throw new IllegalArgumentException("option " + name + " is declared twice");
            }
        }
        return List.of(names);
    }

    private void checkDisjoint() {
        for (String name : valued) {
            if (flags.contains(name)) {
                throw new IllegalArgumentException("option " + name + " is declared both with and without a value");
            }
        }
    }

    private static Set<String> plus(Set<String> base, java.util.Collection<String> more) {
        Set<String> all = new HashSet<>(base);
        all.addAll(more);
        return all;
    }
}
