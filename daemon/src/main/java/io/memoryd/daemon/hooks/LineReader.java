package io.memoryd.daemon.hooks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Reads the lines of a byte range through a fixed buffer, so that memory stays bounded whatever the input: a
 * line longer than {@code maxLineBytes} is reported as overlong and its bytes are passed over, never held.
 * Lines end at {@code \n} (a {@code \r} before it is dropped) and are decoded as strict UTF-8. Not
 * thread-safe; one per scan.
 */
final class LineReader {

    /** Reads bytes at a position, as {@link java.nio.channels.FileChannel#read(ByteBuffer, long)} does. */
    @FunctionalInterface
    interface PositionalReader {
        /** @return the number of bytes read, or -1 at the end */
        int read(ByteBuffer into, long position) throws IOException;
    }

    /** Why a line has no text. */
    enum Problem { OVERLONG, NOT_UTF8 }

    /**
     * One line: its text (null when {@code problem} is set), where it starts and where the next one starts,
     * and whether it ended with {@code \n} (false only for the last line of the range).
     */
    record Line(String text, Problem problem, long start, long end, boolean terminated) {
    }

    private static final int BUFFER_BYTES = 64 * 1024;

    private final PositionalReader source;
    private final long to;
    private final int maxLineBytes;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private byte[] line = new byte[8 * 1024];
    private long readPosition;
    private long linePosition;

    /** Reads the lines of {@code [from, to)}. */
    LineReader(PositionalReader source, long from, long to, int maxLineBytes) {
        this.source = source;
        this.to = to;
        this.maxLineBytes = maxLineBytes;
        this.readPosition = from;
        this.linePosition = from;
        buffer.limit(0);
    }

    /** Where the next line starts. */
    long position() {
        return linePosition;
    }

    /** The next line, or null at the end of the range. */
    Line next() throws IOException {
        long start = linePosition;
        int length = 0;
        boolean overlong = false;
        while (true) {
            if (!buffer.hasRemaining() && !fill()) {
                if (length == 0 && !overlong) {
                    return null;
                }
                return finish(start, length, overlong, false);
            }
            byte[] bytes = buffer.array();
            int from = buffer.position();
            int limit = buffer.limit();
            int nl = from;
            while (nl < limit && bytes[nl] != '\n') {
                nl++;
            }
            int chunk = nl - from;
            if (!overlong) {
                if (length + chunk > maxLineBytes) {
                    overlong = true;
                } else {
                    ensureCapacity(length + chunk);
                    System.arraycopy(bytes, from, line, length, chunk);
                    length += chunk;
                }
            }
            linePosition += chunk;
            if (nl < limit) {
                buffer.position(nl + 1);
                linePosition++;
                return finish(start, length, overlong, true);
            }
            buffer.position(limit);
        }
    }

    private Line finish(long start, int length, boolean overlong, boolean terminated) {
        if (overlong) {
            return new Line(null, Problem.OVERLONG, start, linePosition, terminated);
        }
        int n = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
        // The String constructor is the fast path but replaces bad bytes with U+FFFD; only a line holding that
        // character (rare) is decoded again strictly to tell a real U+FFFD from invalid input.
        String text = new String(line, 0, n, StandardCharsets.UTF_8);
        if (text.indexOf('\uFFFD') >= 0) {
            try {
                decoder.reset().decode(ByteBuffer.wrap(line, 0, n));
            } catch (CharacterCodingException e) {
                return new Line(null, Problem.NOT_UTF8, start, linePosition, terminated);
            }
        }
        return new Line(text, null, start, linePosition, terminated);
    }

    private boolean fill() throws IOException {
        if (readPosition >= to) {
            return false;
        }
        buffer.clear();
        buffer.limit((int) Math.min(BUFFER_BYTES, to - readPosition));
        int n = source.read(buffer, readPosition);
        buffer.flip();
        if (n <= 0) {
            // The file ended before `to` (it shrank while being read): the range ends here.
            buffer.limit(0);
            return false;
        }
        readPosition += n;
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            int grown = (int) Math.min((long) maxLineBytes, Math.max((long) line.length * 2, needed));
            line = java.util.Arrays.copyOf(line, grown);
        }
    }
}
