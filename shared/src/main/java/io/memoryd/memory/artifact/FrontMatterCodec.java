package io.memoryd.memory.artifact;

import io.memoryd.memory.text.JsWhitespace;
import io.memoryd.memory.text.JsonStrings;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Serializes and parses the {@code ---} front-matter blocks of artifact files (docs/format.md §2.5–2.6). */
public final class FrontMatterCodec {

    private static final Pattern INTEGER = Pattern.compile("-?\\d+");
    private static final Pattern DECIMAL = Pattern.compile("-?\\d+\\.\\d+");

    private FrontMatterCodec() {
    }

    /** The {@code ---} block, without a trailing newline. */
    public static String serialize(FrontMatter frontMatter) {
        StringBuilder out = new StringBuilder(1024).append("---");
        for (Map.Entry<String, Object> e : frontMatter.entries().entrySet()) {
            out.append('\n').append(e.getKey()).append(':');
            if (e.getValue() instanceof List<?> list) {
                for (Object element : list) {
                    out.append("\n  - ").append(scalar(element));
                }
            } else {
                out.append(' ').append(scalar(e.getValue()));
            }
        }
        return out.append("\n---").toString();
    }

    /** A whole artifact file: front matter, newline, normalized body, newline. */
    public static String document(FrontMatter frontMatter, String normalizedBody) {
        return serialize(frontMatter) + "\n" + normalizedBody + "\n";
    }

    /** Parses a file's text; text without a recognizable block is all body. */
    public static ArtifactDocument parse(String text) {
        String t = text.indexOf('\r') >= 0 ? text.replace("\r\n", "\n").replace('\r', '\n') : text;
        if (!t.startsWith("---\n")) {
            return new ArtifactDocument(FrontMatter.empty(), t);
        }
        int close = t.indexOf("\n---\n", 4);
        if (close < 0) {
            return new ArtifactDocument(FrontMatter.empty(), t);
        }
        FrontMatter.Builder builder = FrontMatter.builder();
        List<Object> currentArray = null;
        String currentKey = "";
        for (String line : t.substring(4, close).split("\n", -1)) {
            if (line.startsWith("  - ") && !currentKey.isEmpty()) {
                if (currentArray != null) {
                    currentArray.add(parseScalar(JsWhitespace.trim(line.substring(4))));
                }
                continue;
            }
            int colon = line.indexOf(':');
            if (colon < 0) {
                continue;
            }
            if (currentArray != null) {
                builder.put(currentKey, currentArray);
            }
            currentKey = JsWhitespace.trim(line.substring(0, colon));
            String value = JsWhitespace.trim(line.substring(colon + 1));
            if (value.isEmpty()) {
                currentArray = new ArrayList<>();
                builder.put(currentKey, List.of());
            } else {
                currentArray = null;
                builder.put(currentKey, parseScalar(value));
            }
        }
        if (currentArray != null) {
            builder.put(currentKey, currentArray);
        }
        return new ArtifactDocument(builder.build(), t.substring(close + 5));
    }

    static String scalar(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof Boolean || value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Double d) {
            return number(d);
        }
        return JsonStrings.quote(value.toString());
    }

    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e21) {
            return BigDecimal.valueOf(d).toBigInteger().toString();
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    static Object parseScalar(String text) {
        switch (text) {
            case "null":
                return null;
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            default:
                break;
        }
        if (INTEGER.matcher(text).matches()) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return Double.parseDouble(text);
            }
        }
        if (DECIMAL.matcher(text).matches()) {
            return Double.parseDouble(text);
        }
        if (text.startsWith("\"")) {
            return JsonStrings.unquote(text).orElseGet(
                    () -> text.length() >= 2 ? text.substring(1, text.length() - 1) : "");
        }
        return text;
    }
}
