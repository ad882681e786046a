package io.memoryd.daemon.cli.doctor;

import io.memoryd.daemon.cli.ops.Palette;
import io.memoryd.daemon.cli.ops.Tone;
import java.util.List;

/**
 * What {@code memoryctl doctor} prints: one line per check (verdict, name, finding), the advice indented
 * under each that is not ok, then a count. Immutable.
 */
final class DoctorReport {

    private static final int NAME_WIDTH = 14;

    private final Palette palette;

    DoctorReport(Palette palette) {
        this.palette = palette;
    }

    String render(List<Finding> findings) {
        StringBuilder s = new StringBuilder();
        int warnings = 0;
        int failures = 0;
        for (Finding f : findings) {
            String verdict = switch (f.verdict()) {
                case OK -> palette.paint(Tone.GOOD, "ok  ");
                case WARN -> palette.paint(Tone.WARN, "warn");
                case FAIL -> palette.paint(Tone.BAD, "fail");
            };
            warnings += f.verdict() == Verdict.WARN ? 1 : 0;
            failures += f.verdict() == Verdict.FAIL ? 1 : 0;
            s.append(verdict).append("  ").append(f.check())
                    .append(" ".repeat(Math.max(1, NAME_WIDTH - f.check().length()))).append(f.detail()).append('\n');
            if (!f.advice().isEmpty()) {
                s.append(" ".repeat(6 + NAME_WIDTH)).append("→ ").append(f.advice()).append('\n');
            }
        }
        s.append('\n').append(findings.size() - warnings - failures).append(" ok, ")
                .append(warnings).append(warnings == 1 ? " warning, " : " warnings, ")
                .append(failures).append(failures == 1 ? " failure" : " failures").append('\n');
        return s.toString();
    }
}
