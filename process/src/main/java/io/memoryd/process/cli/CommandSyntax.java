package io.memoryd.process.cli;

import java.util.List;

/**
 * What a command line may contain: one command's options ({@link OptionSpec}), or commands with options of
 * their own ({@link CommandSet}).
 */
public interface CommandSyntax {

    /**
     * Parses {@code args} (without the program name).
     *
     * @throws UsageException naming the first argument that does not fit
     */
    CommandArgs parse(List<String> args);
}
