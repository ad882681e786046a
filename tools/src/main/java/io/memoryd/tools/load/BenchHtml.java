package io.memoryd.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTML page of a {@code scripts/bench} run: its Markdown (tables and commands) as HTML, followed by
 * the SVG charts of the stress and chaos reports of the same run, copied in so the page stands alone.
 */
final class BenchHtml {

    private static final Pattern SVG = Pattern.compile("<svg class=\"chart\".*?</svg>", Pattern.DOTALL);

    private BenchHtml() {
    }

    /** The page for the generated Markdown {@code md}; charts from {@code reports}/stress- and chaos-report.html. */
    static String render(String md, Path reports) throws IOException {
        StringBuilder h = new StringBuilder("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<title>memoryd benchmarks</title>\n<style>body{font:14px system-ui,sans-serif;margin:24px;"
                + "max-width:1000px}table{border-collapse:collapse;margin:8px 0 16px}td,th{border:1px solid #ccc;"
                + "padding:3px 8px;text-align:left}th{background:#f4f4f4}pre{background:#f4f4f4;padding:6px}"
                + "svg{display:block;margin:8px 0}</style></head><body>\n");
        boolean inCode = false;
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("<!--")) {
                continue;
            }
            if (line.startsWith("```")) {
                h.append(inCode ? "</pre>\n" : "<pre>");
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                h.append(SvgChart.escape(line)).append('\n');
                continue;
            }
            if (line.startsWith("|")) {
                if (line.matches("\\|[-| ]+\\|")) {
                    continue;
                }
                h.append(inTable ? "" : "<table>\n").append("<tr>");
                for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                    h.append("<td>").append(SvgChart.escape(cell.strip().replace("**", ""))).append("</td>");
                }
                h.append("</tr>\n");
                inTable = true;
                continue;
            }
            if (inTable) {
                h.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("### ")) {
                h.append("<h3>").append(SvgChart.escape(line.substring(4).replace("`", ""))).append("</h3>\n");
            } else if (line.startsWith("## ")) {
                h.append("<h1>").append(SvgChart.escape(line.substring(3).replace("`", ""))).append("</h1>\n");
            } else if (!line.isBlank()) {
                h.append("<p>").append(SvgChart.escape(line)).append("</p>\n");
            }
        }
        if (inTable) {
            h.append("</table>\n");
        }
        for (String name : new String[] {"stress", "chaos"}) {
            Path report = reports.resolve(name + "-report.html");
            if (Files.exists(report)) {
                h.append("<h2>").append(name).append(" charts</h2>\n");
                Matcher m = SVG.matcher(Files.readString(report));
                while (m.find()) {
                    h.append(m.group()).append('\n');
                }
            }
        }
        return h.append("</body></html>\n").toString();
    }
}
