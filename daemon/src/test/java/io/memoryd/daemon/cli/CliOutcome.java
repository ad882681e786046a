package io.memoryd.daemon.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** What an in-process run of a command line printed and returned (public: the hooks tests use it too). */
public record CliOutcome(int code, String out, String err) {

    /** A command's {@code run(args, out, err)}. */
    public interface Cli {
        int run(List<String> args, PrintStream out, PrintStream err);
    }

    public static CliOutcome of(Cli cli, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = cli.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CliOutcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The first line of stderr (the one that names a mistake). */
    public String firstErrLine() {
        return err.lines().findFirst().orElse("");
    }
}
