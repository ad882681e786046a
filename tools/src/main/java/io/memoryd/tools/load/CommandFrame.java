package io.memoryd.tools.load;

import io.memoryd.process.cli.CommandArgs;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * What every load and benchmark command does around its work: {@code --help} on stdout, option checking,
 * a usage error on stderr with exit 2, any other failure on stderr with exit 1.
 */
final class CommandFrame {

    /** The command's work with its parsed options; returns the exit code. */
    interface Body {
        int run(CommandArgs args, PrintStream out, PrintStream err) throws Exception;
    }

    private CommandFrame() {
    }

    /** For {@code main}: runs with the process's streams and exits with the code. */
    static void exit(String name, String usage, String[] args, Set<String> valued, Set<String> switches, Body body) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.exit(run(name, usage, List.of(args), valued, switches, out, System.err, body));
    }

    static int run(String name, String usage, List<String> argv, Set<String> valued, Set<String> switches,
            PrintStream out, PrintStream err, Body body) {
        if (argv.contains("--help")) {
            out.print(usage);
            return 0;
        }
        try {
            return body.run(CommandArgs.parse(argv, valued, switches), out, err);
        } catch (CommandArgs.UsageException e) {
            err.println(name + ": " + e.getMessage());
            err.print(usage);
            return 2;
        } catch (Exception e) {
            err.println(name + ": " + e);
            return 1;
        }
    }

    /** {@code base} and {@code more} together. */
    static Set<String> union(Set<String> base, String... more) {
        Set<String> all = new java.util.HashSet<>(base);
        all.addAll(List.of(more));
        return Set.copyOf(all);
    }
}
