package io.memoryd.process.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code --name value} and {@code --flag} arguments of one command, checked against the options the
 * command declares so that a typo is an error rather than silently ignored.
 */
public final class CommandArgs {

    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();
    private List<String> given = List.of();

    private CommandArgs() {
    }

    /** The arguments as given, for reports that quote the command line. */
    public List<String> given() {
        return given;
    }

    /**
     * Parses {@code args}; {@code valued} are options taking a value, {@code switches} take none.
     *
     * @throws UsageException on an unknown option or a missing value
     */
    public static CommandArgs parse(List<String> args, Set<String> valued, Set<String> switches) {
        CommandArgs parsed = new CommandArgs();
        parsed.given = List.copyOf(args);
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            String name = arg;
            String inline = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                inline = arg.substring(eq + 1);
            }
            if (switches.contains(name) && inline == null) {
                parsed.flags.add(name);
            } else if (valued.contains(name)) {
                String value = inline;
                if (value == null) {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + name + " needs a value");
                    }
                    value = args.get(++i);
                }
                parsed.values.put(name, value);
            } else {
                throw new UsageException("unknown argument " + arg);
            }
        }
        return parsed;
    }

    public String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    public int getInt(String name, int fallback) {
        String v = values.get(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.replace("_", "").replace(",", ""));
        } catch (NumberFormatException e) {
            throw new UsageException("option " + name + " expects a whole number, got " + v);
        }
    }

    public boolean has(String flag) {
        return flags.contains(flag);
    }

    /** A command-line mistake; the message is printed with the usage text and exit code 2. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
