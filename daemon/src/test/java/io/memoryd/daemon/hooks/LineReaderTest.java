package io.memoryd.daemon.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Lines read through a fixed buffer: overlong, non-UTF-8, CRLF and unterminated lines. */
class LineReaderTest {

    private static List<LineReader.Line> read(byte[] bytes, long from, long to, int maxLine) throws IOException {
        LineReader.PositionalReader raw = (into, position) -> {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(into.remaining(), bytes.length - position);
            into.put(bytes, (int) position, n);
            return n;
        };
        LineReader reader = new LineReader(raw, from, to, maxLine);
        List<LineReader.Line> lines = new ArrayList<>();
        LineReader.Line l;
        while ((l = reader.next()) != null) {
            lines.add(l);
        }
        return lines;
    }

    @Test
    void linesEndAtNewlinesAndDropACarriageReturn() throws Exception {
        byte[] b = "one\r\ntwo\n\nthree".getBytes(StandardCharsets.UTF_8);
        List<LineReader.Line> lines = read(b, 0, b.length, 100);
        assertEquals(List.of("one", "two", "", "three"), lines.stream().map(LineReader.Line::text).toList());
        assertEquals(List.of(true, true, true, false), lines.stream().map(LineReader.Line::terminated).toList());
        assertEquals(List.of(0L, 5L, 9L, 10L), lines.stream().map(LineReader.Line::start).toList());
        assertEquals(15L, lines.get(3).end());
    }

    @Test
    void aLineOverTheLimitIsReportedWithoutItsText() throws Exception {
        byte[] b = ("short\n" + "x".repeat(200_000) + "\nafter\n").getBytes(StandardCharsets.UTF_8);
        List<LineReader.Line> lines = read(b, 0, b.length, 1000);
        assertEquals(3, lines.size());
        assertEquals(LineReader.Problem.OVERLONG, lines.get(1).problem());
        assertNull(lines.get(1).text());
        assertEquals(200_007L, lines.get(1).end());
        assertEquals("after", lines.get(2).text());
    }

    @Test
    void invalidUtf8IsReportedPerLine() throws Exception {
        byte[] b = {'o', 'k', '\n', (byte) 0xFF, 'x', '\n', (byte) 0xE2, (byte) 0x82, (byte) 0xAC, '\n'};
        List<LineReader.Line> lines = read(b, 0, b.length, 100);
        assertEquals("ok", lines.get(0).text());
        assertEquals(LineReader.Problem.NOT_UTF8, lines.get(1).problem());
        assertEquals("€", lines.get(2).text());
    }

    @Test
    void aRangeStartsAndStopsWhereItIsTold() throws Exception {
        byte[] b = "aaa\nbbb\nccc\n".getBytes(StandardCharsets.UTF_8);
        List<LineReader.Line> lines = read(b, 4, 10, 100);
        assertEquals(List.of("bbb", "cc"), lines.stream().map(LineReader.Line::text).toList());
        assertEquals(false, lines.get(1).terminated());
    }
}
