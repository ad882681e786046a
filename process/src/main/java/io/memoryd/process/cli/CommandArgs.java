package io.memoryd.process.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One parsed command line, checked against what its command declares ({@link OptionSpec}) so that a typo is
 * an error rather than silently ignored. The rules, the same for every memoryd command:
 * <ul>
 *   <li>{@code --name value} and {@code --name=value} are the same; a valued option always takes the next
 *       argument as its value, even one that starts with {@code -} ({@code --renderer-arg --no-watch}).</li>
 *   <li>A flag takes no value ({@code --json=yes} is an error).</li>
 *   <li>An option given twice keeps its last value (a wrapper's defaults can be overridden by a later flag),
 *       unless it is repeatable, which keeps every value in order.</li>
 *   <li>Options and positional arguments mix in any order; after {@code --} everything is positional.</li>
 *   <li>An argument starting with {@code -} that is not declared is refused with a {@link UsageException}
 *       naming it, as is a positional argument beyond those declared and a valued option at the end with
 *       no value.</li>
 *   <li>Numbers may be written with {@code _} or {@code ,} between digits ({@code 30_000}), lists of them
 *       with {@code ,} between numbers ({@code 1000,30_000}); a value out of the option's range is refused,
 *       naming the option.</li>
 * </ul>
 * Immutable once parsed.
 */
public final class CommandArgs {

    private final OptionSpec spec;
    private final String command;
    private final List<String> given;
    private final Map<String, List<String>> values;
    private final Set<String> flags;
    private final List<String> positionals;

    private CommandArgs(OptionSpec spec, String command, List<String> given, Map<String, List<String>> values,
            Set<String> flags, List<String> positionals) {
        this.spec = spec;
        this.command = command;
        this.given = List.copyOf(given);
        this.values = values;
        this.flags = Set.copyOf(flags);
        this.positionals = List.copyOf(positionals);
    }

    /**
     * Parses {@code args} against {@code spec}, skipping the argument at {@code commandIndex} (the command's
     * name, found by {@link CommandSet}; -1 for none).
     */
    static CommandArgs parse(List<String> args, OptionSpec spec, String command, int commandIndex) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Set<String> flags = new HashSet<>();
        List<String> positionals = new ArrayList<>();
        boolean optionsEnded = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (i == commandIndex) {
                continue;
            }
            if (optionsEnded || !looksLikeOption(arg)) {
                positionals.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                optionsEnded = true;
                continue;
            }
            String name = nameOf(arg);
            String inline = name.length() < arg.length() ? arg.substring(name.length() + 1) : null;
            if (spec.isFlag(name)) {
                if (inline != null) {
                    throw new UsageException("option " + name + " takes no value: " + arg, command);
                }
                flags.add(name);
            } else if (spec.takesValue(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + name + " needs a value", command);
                    }
                    value = args.get(++i);
                }
                List<String> list = values.computeIfAbsent(name, n -> new ArrayList<>());
                if (!spec.isRepeatable(name)) {
                    list.clear();
                }
                list.add(value);
            } else {
                throw new UsageException("unknown option " + name + (command == null ? "" : " for " + command),
                        command);
            }
        }
        if (positionals.size() > spec.maxPositionals()) {
            throw new UsageException("unexpected argument " + positionals.get(spec.maxPositionals()), command);
        }
        Map<String, List<String>> frozen = new LinkedHashMap<>();
        values.forEach((k, v) -> frozen.put(k, List.copyOf(v)));
        return new CommandArgs(spec, command, args, frozen, flags, positionals);
    }

    /** Whether {@code arg} is meant as an option: it starts with {@code -} and is more than that. */
    static boolean looksLikeOption(String arg) {
        return arg.length() > 1 && arg.startsWith("-");
    }

    /** {@code --name} of {@code --name=value}, else the argument itself. */
    static String nameOf(String arg) {
        int eq = arg.indexOf('=');
        return arg.startsWith("--") && eq > 2 ? arg.substring(0, eq) : arg;
    }

    /** The arguments as given (command name included), for reports that quote the command line. */
    public List<String> given() {
        return given;
    }

    /** The command named on the line (or the default one), or null for a command line without commands. */
    public String command() {
        return command;
    }

    /** The positional arguments, in order, without the command's name. */
    public List<String> positionals() {
        return positionals;
    }

    /** Whether {@code --help} or {@code -h} was given. */
    public boolean helpRequested() {
        return flags.contains(OptionSpec.HELP) || flags.contains(OptionSpec.HELP_SHORT);
    }

    /** Whether {@code --version} was given. */
    public boolean versionRequested() {
        return flags.contains(OptionSpec.VERSION);
    }

    /** Whether the option (flag or valued) was given. */
    public boolean has(String name) {
        declared(name);
        return flags.contains(name) || values.containsKey(name);
    }

    /** The option's (last) value, or {@code fallback} when it was not given. */
    public String get(String name, String fallback) {
        declared(name);
        List<String> list = values.get(name);
        return list == null ? fallback : list.get(list.size() - 1);
    }

    /** Every value of a repeatable option, in the order given (empty when none). */
    public List<String> all(String name) {
        declared(name);
        return values.getOrDefault(name, List.of());
    }

    /** The option's value; a usage error naming it when it was not given. */
    public String required(String name) {
        String value = get(name, null);
        if (value == null) {
            throw new UsageException(name + " is required", command);
        }
        return value;
    }

    /** The option's value as any whole number, or {@code fallback}. */
    public int getInt(String name, int fallback) {
        return getInt(name, fallback, Integer.MIN_VALUE, Integer.MAX_VALUE);
    }

    /** The option's value as a whole number of at least {@code min}, or {@code fallback} (not checked). */
    public int getInt(String name, int fallback, int min) {
        return getInt(name, fallback, min, Integer.MAX_VALUE);
    }

    /**
     * The option's value as a whole number from {@code min} to {@code max}, or {@code fallback} (not checked)
     * when it was not given.
     */
    public int getInt(String name, int fallback, int min, int max) {
        return (int) getLong(name, fallback, min, max);
    }

    /** The option's value as a whole number from {@code min} to {@code max}, or {@code fallback}. */
    public long getLong(String name, long fallback, long min, long max) {
        String raw = get(name, null);
        if (raw == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(raw.replace("_", "").replace(",", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new UsageException(name + " must be a whole number" + range(min, max) + ": " + raw, command);
    }

    /**
     * The option's value as whole numbers of at least {@code min} separated by commas ({@code 1000,30_000}),
     * or {@code fallback} (written the same way) when it was not given.
     */
    public List<Integer> getIntList(String name, String fallback, int min) {
        String raw = get(name, fallback);
        List<Integer> numbers = new ArrayList<>();
        try {
            for (String part : raw.split(",", -1)) {
                int n = Integer.parseInt(part.trim().replace("_", ""));
                if (n < min) {
                    throw new NumberFormatException();
                }
                numbers.add(n);
            }
            return List.copyOf(numbers);
        } catch (NumberFormatException e) {
            throw new UsageException(name + " must be whole numbers" + range(min, Integer.MAX_VALUE)
                    + " separated by commas: " + raw, command);
        }
    }

    private static String range(long min, long max) {
        boolean low = min != Integer.MIN_VALUE && min != Long.MIN_VALUE;
        boolean high = max != Integer.MAX_VALUE && max != Long.MAX_VALUE;
        if (low && high) {
            return " from " + min + " to " + max;
        }
        return low ? " of at least " + min : high ? " of at most " + max : "";
    }

    /** Asking for an option the command does not declare is a bug in the command, not the user's mistake. */
    private void declared(String name) {
        if (!spec.declares(name)) {
            throw new IllegalArgumentException("option " + name + " is not declared"
                    + (command == null ? "" : " for " + command));
        }
    }
}
