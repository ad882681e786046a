package io.memoryd.daemon.cli.ops;

import java.util.ArrayList;
import java.util.List;

/**
 * An aligned table of text: a header, then rows of cells, columns padded to their widest cell and separated
 * by two spaces, the last column not padded (no trailing blanks). Widths count the text, not the colour
 * sequences a {@link Palette} adds, so coloured and plain tables line up the same. Not thread-safe.
 */
final class TextTable {

    /** One cell: its text and the tone it is painted in. */
    record Cell(String text, Tone tone) {
        static Cell of(String text) {
            return new Cell(text, text.equals(Units.UNKNOWN) ? Tone.DIM : Tone.PLAIN);
        }
    }

    private final List<String> header;
    private final List<List<Cell>> rows = new ArrayList<>();

    TextTable(List<String> header) {
        this.header = List.copyOf(header);
    }

    /** Adds a row; it must have one cell per column. */
    void add(List<Cell> row) {
        if (row.size() != header.size()) {
            throw new IllegalArgumentException("a row of " + row.size() + " cells in a table of " + header.size());
        }
        rows.add(List.copyOf(row));
    }

    /** The table as lines, each ending in a newline; the header in bold. */
    String render(Palette palette) {
        int[] widths = new int[header.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = header.get(c).length();
            for (List<Cell> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).text().length());
            }
        }
        StringBuilder s = new StringBuilder();
        List<Cell> head = header.stream().map(h -> new Cell(h, Tone.BOLD)).toList();
        line(s, head, widths, palette);
        for (List<Cell> row : rows) {
            line(s, row, widths, palette);
        }
        return s.toString();
    }

    private static void line(StringBuilder s, List<Cell> row, int[] widths, Palette palette) {
        for (int c = 0; c < row.size(); c++) {
            Cell cell = row.get(c);
            s.append(palette.paint(cell.tone(), cell.text()));
            if (c < row.size() - 1) {
                s.append(" ".repeat(widths[c] - cell.text().length() + 2));
            }
        }
        s.append('\n');
    }
}
