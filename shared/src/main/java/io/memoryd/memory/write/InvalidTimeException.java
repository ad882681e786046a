package io.memoryd.memory.write;

/**
 * Raised when a time handed in with a session ({@code captured_at}, {@code started_at}, {@code ended_at})
 * is not a time in any shape the format accepts (errata E2); names the field and the text.
 */
public final class InvalidTimeException extends IllegalArgumentException {

    private final String field;
    private final String detail;

    /** @param value the text as it was given */
    public InvalidTimeException(String field, String value) {
        this(field, value, "must be an ISO-8601 time, got \"" + value + "\"");
    }

    private InvalidTimeException(String field, String value, String detail) {
        super(field + ": " + detail);
        this.field = field;
        this.detail = detail;
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
