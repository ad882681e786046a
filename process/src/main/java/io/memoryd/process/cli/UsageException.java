package io.memoryd.process.cli;

/**
 * A command-line mistake: the message names what is wrong (the unknown option, the value out of range) and
 * is printed on one line of stderr, followed by the usage text, with exit code 2.
 */
public final class UsageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String command;

    /** A mistake in a command line without commands, or one whose command is not known yet. */
    public UsageException(String message) {
        this(message, null);
    }

    /** A mistake in the arguments of {@code command}, so that its own usage text can be printed. */
    public UsageException(String message, String command) {
        super(message);
        this.command = command;
    }

    /** The command whose arguments are wrong, or null when none was recognised. */
    public String command() {
        return command;
    }
}
