package io.memoryd.daemon.cli.ops;

import java.util.Map;

/**
 * Whether operator output is coloured, decided once per run and passed in so that formatting stays
 * deterministic in tests: colour only when stdout is a terminal and {@code NO_COLOR} is not set to a
 * non-empty value (no-color.org). Immutable.
 */
public final class Palette {

    private static final Palette PLAIN = new Palette(false);
    private static final Palette COLOUR = new Palette(true);

    private final boolean colour;

    private Palette(boolean colour) {
        this.colour = colour;
    }

    /** No colour at all: what pipes, files and tests get. */
    public static Palette plain() {
        return PLAIN;
    }

    /** ANSI colours, whatever the environment says. */
    public static Palette ansi() {
        return COLOUR;
    }

    /**
     * The palette for output that goes to a terminal or not ({@code terminal}), honouring {@code NO_COLOR}
     * in {@code env}.
     */
    public static Palette choose(boolean terminal, Map<String, String> env) {
        String noColor = env.get("NO_COLOR");
        return terminal && (noColor == null || noColor.isEmpty()) ? COLOUR : PLAIN;
    }

    /** This process's palette: {@link System#console()} tells whether stdin and stdout are a terminal. */
    public static Palette forThisProcess() {
        return choose(System.console() != null, System.getenv());
    }

    /** Whether this palette colours. */
    public boolean colours() {
        return colour;
    }

    /** {@code text} in {@code tone}'s colour, or unchanged when this palette is plain. */
    public String paint(Tone tone, String text) {
        if (!colour || tone == Tone.PLAIN || text.isEmpty()) {
            return text;
        }
        return tone.ansi() + text + Tone.RESET;
    }
}
