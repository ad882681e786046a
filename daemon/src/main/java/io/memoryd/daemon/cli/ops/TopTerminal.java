package io.memoryd.daemon.cli.ops;

import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The terminal {@code memoryctl top} draws on, with plain ANSI (no library: a full-screen redraw once a
 * second needs only the alternate screen, cursor home, clear to end of line and of screen): enters the
 * alternate screen, hides the cursor and, on a terminal, turns off line buffering and echo with
 * {@code stty} so that a single {@code q} arrives; {@link #close} restores all of it, also from the JVM's
 * shutdown hook after Ctrl-C. Thread-safe: {@link #close} runs once, whoever calls it.
 */
final class TopTerminal implements AutoCloseable {

    private static final File TTY = new File("/dev/tty");

    private final PrintStream out;
    private final String savedStty;
    private final Thread restoreOnExit;
    private boolean closed;

    private TopTerminal(PrintStream out, String savedStty) {
        this.out = out;
        this.savedStty = savedStty;
        this.restoreOnExit = new Thread(this::close, "memoryctl-top-restore");
    }

    /** Takes over the terminal ({@code tty}: whether there is one to put into single-key mode). */
    static TopTerminal enter(PrintStream out, boolean tty) {
        String saved = null;
        if (tty) {
            saved = stty("-g");
            if (saved != null) {
                stty("-icanon", "-echo", "min", "1");
            }
        }
        TopTerminal terminal = new TopTerminal(out, saved);
        Runtime.getRuntime().addShutdownHook(terminal.restoreOnExit);
        out.print("\u001b[?1049h\u001b[?25l");
        out.flush();
        return terminal;
    }

    /** Draws a frame over the last one. */
    synchronized void draw(List<String> lines) {
        if (closed) {
            return;
        }
        StringBuilder s = new StringBuilder("\u001b[H");
        for (String line : lines) {
            s.append(line).append("\u001b[K\n");
        }
        s.append("\u001b[J");
        out.print(s);
        out.flush();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        out.print("\u001b[?25h\u001b[?1049l");
        out.flush();
        if (savedStty != null) {
            stty(savedStty);
        }
        if (Thread.currentThread() != restoreOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(restoreOnExit);
            } catch (IllegalStateException e) {
                // the JVM is already shutting down: the hook is this very call's caller
            }
        }
    }

    /** The terminal's rows and columns from {@code stty size}; 24×80 when there is none to ask. */
    static int[] size() {
        String size = stty("size");
        if (size != null) {
            String[] parts = size.split("\\s+");
            if (parts.length == 2) {
                try {
                    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
                } catch (NumberFormatException e) {
                    // fall through to the default
                }
            }
        }
        return new int[] {24, 80};
    }

    /** Runs stty on the controlling terminal; its output, or null when it failed. */
    private static String stty(String... args) {
        List<String> command = new java.util.ArrayList<>(List.of("stty"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).redirectInput(TTY)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(5, TimeUnit.SECONDS) && p.exitValue() == 0 ? output : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
