package io.memoryd.memory.write;

/**
 * Raised when a time handed in with a session ({@code captured_at}, {@code started_at}, {@code ended_at})
 * is not a time in any shape the format accepts (docs/format.md §9.1); names the field and the text.
 */
public final class InvalidTimeException extends IllegalArgumentException {

    private final String field;
    private final String detail;

    /** @param value the text as it was given */
    public InvalidTimeException(String field, String value) {
        super(field + ": " + describe(value));
        this.field = field;
        this.detail = describe(value);
    }

    private static String describe(String value) {
        return "must be an ISO-8601 time, got \"" + value + "\"";
    }

    /** The name of the offending field, as the wire and the front matter spell it. */
    public String field() {
        return field;
    }

    /** What is wrong with the value, without the field name. */
    public String detail() {
        return detail;
    }
}
