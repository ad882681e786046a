package io.memoryd.process.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A command line with commands ({@code memoryctl synthesize}, {@code memoryd render}): options every command
 * accepts (the global ones, {@code --home}), each command's own, and optionally a command that applies when
 * none is named. The command is the first positional argument; every option, global or the command's own,
 * may come before or after it ({@code memoryctl --home X synthesize} and {@code memoryctl synthesize --home X}
 * are the same). Otherwise the rules are {@link CommandArgs}'s. Immutable.
 */
public final class CommandSet implements CommandSyntax {

    private final OptionSpec global;
    private final Map<String, OptionSpec> commands;
    private final String defaultCommand;
    /** Every option of every command: to tell, before the command is known, which arguments are values. */
    private final OptionSpec everything;

    private CommandSet(OptionSpec global, Map<String, OptionSpec> commands, String defaultCommand) {
        this.global = global;
        this.commands = commands;
        this.defaultCommand = defaultCommand;
        OptionSpec all = global;
        for (OptionSpec own : commands.values()) {
            all = all.with(own); // also refuses a name that takes a value in one command and none in another
        }
        this.everything = all;
    }

    /** Commands sharing the {@code global} options; add them with {@link #command}. */
    public static CommandSet withGlobal(OptionSpec global) {
        return new CommandSet(global, Map.of(), null);
    }

    /** This set and command {@code name} with its own options. */
    public CommandSet command(String name, OptionSpec own) {
        if (CommandArgs.looksLikeOption(name) || commands.containsKey(name)) {
            throw new IllegalArgumentException("not a new command name: " + name);
        }
        Map<String, OptionSpec> more = new LinkedHashMap<>(commands);
        more.put(name, own);
        return new CommandSet(global, more, defaultCommand);
    }

    /** This set, with {@code name} (already added) applying when no command is named. */
    public CommandSet defaultCommand(String name) {
        if (!commands.containsKey(name)) {
            throw new IllegalArgumentException("no command " + name);
        }
        return new CommandSet(global, commands, name);
    }

    /** The command names, in the order they were added. */
    public List<String> names() {
        return List.copyOf(commands.keySet());
    }

    /**
     * Parses {@code args}. The result's {@link CommandArgs#command()} is the command named or the default
     * one, or null when neither exists (then only global options were accepted, so that {@code --help} and
     * {@code --version} work without a command).
     *
     * @throws UsageException for an unknown command, or an option unknown to the command
     */
    @Override
    public CommandArgs parse(List<String> args) {
        int index = commandIndex(args);
        String name = index < 0 ? defaultCommand : args.get(index);
        if (name == null) {
            return CommandArgs.parse(args, global, null, -1);
        }
        OptionSpec own = commands.get(name);
        if (own == null) {
            throw new UsageException("unknown command " + name);
        }
        return CommandArgs.parse(args, global.with(own), name, index);
    }

    /**
     * Where the command's name is: the first argument that is neither an option nor an option's value,
     * or -1. An option no command knows is refused here already, so that its value is not taken for the
     * command.
     */
    private int commandIndex(List<String> args) {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                return i + 1 < args.size() ? i + 1 : -1;
            }
            if (!CommandArgs.looksLikeOption(arg)) {
                return i;
            }
            String name = CommandArgs.nameOf(arg);
            if (!everything.declares(name)) {
                throw new UsageException("unknown option " + name);
            }
            if (everything.takesValue(name) && name.length() == arg.length()) {
                i++; // its value
            }
        }
        return -1;
    }
}
