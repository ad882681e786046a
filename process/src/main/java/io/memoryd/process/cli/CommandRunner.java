package io.memoryd.process.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Function;

/**
 * What every memoryd command line does around its work, so that all of them behave alike: {@code --help}
 * prints the usage on stdout (exit 0), {@code --version} prints {@code memoryd <version>} on stdout (exit 0),
 * a usage mistake prints one line naming it and then the usage on stderr (exit {@link #EXIT_USAGE}, nothing
 * on stdout), any other failure one line on stderr (exit {@link #EXIT_FAILURE}). Immutable.
 */
public final class CommandRunner {

    /** Exit code of a command that did what was asked. */
    public static final int EXIT_OK = 0;
    /** Exit code of a command that failed (the failure named on stderr). */
    public static final int EXIT_FAILURE = 1;
    /** Exit code of a command line that is wrong (unknown option, bad value, missing argument). */
    public static final int EXIT_USAGE = 2;

    /** A command's work on its parsed arguments; returns the exit code. */
    @FunctionalInterface
    public interface Body {
        int run(CommandArgs args, PrintStream out, PrintStream err) throws Exception;
    }

    private final String name;
    private final CommandSyntax syntax;
    private final Function<String, String> usage;
    private final Class<?> entryPoint;

    /**
     * @param name the program's name, first on every error line ("memoryctl")
     * @param usage the usage text of a command (the argument is null when no command is known)
     * @param entryPoint the program's main class, whose jar's manifest gives {@code --version}
     */
    public CommandRunner(String name, CommandSyntax syntax, Function<String, String> usage, Class<?> entryPoint) {
        this.name = name;
        this.syntax = syntax;
        this.usage = usage;
        this.entryPoint = entryPoint;
    }

    /** A program with one usage text for all its commands. */
    public CommandRunner(String name, CommandSyntax syntax, String usage, Class<?> entryPoint) {
        this(name, syntax, command -> usage, entryPoint);
    }

    /** For {@code main}: runs with the process's streams and exits with the code. */
    public void exit(String[] args, Body body) {
        System.exit(run(List.of(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err, body));
    }

    /**
     * Parses {@code args}, answers {@code --help} and {@code --version}, else runs {@code body}; returns the
     * exit code.
     */
    public int run(List<String> args, PrintStream out, PrintStream err, Body body) {
        CommandArgs parsed;
        try {
            parsed = syntax.parse(args);
        } catch (UsageException e) {
            return usageError(e, err);
        }
        if (parsed.helpRequested()) {
            out.print(usage.apply(parsed.command()));
            return EXIT_OK;
        }
        if (parsed.versionRequested()) {
            out.println(MemorydVersion.line(entryPoint));
            return EXIT_OK;
        }
        String who = parsed.command() == null ? name : name + " " + parsed.command();
        try {
            return body.run(parsed, out, err);
        } catch (UsageException e) {
            return usageError(e.command() != null ? e : new UsageException(e.getMessage(), parsed.command()), err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            err.println(who + ": interrupted");
            return EXIT_FAILURE;
        } catch (Exception e) {
            err.println(who + ": " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return EXIT_FAILURE;
        }
    }

    /** One line naming the mistake, then the usage of the command it was made in; returns {@link #EXIT_USAGE}. */
    public int usageError(UsageException e, PrintStream err) {
        err.println(name + ": " + e.getMessage());
        err.print(usage.apply(e.command()));
        return EXIT_USAGE;
    }

    /** The usage text of {@code command} (null: the program's). */
    public String usage(String command) {
        return usage.apply(command);
    }
}
