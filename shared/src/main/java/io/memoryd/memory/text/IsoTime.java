package io.memoryd.memory.text;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ISO-8601 times as the workspace format writes them (always three fraction digits and {@code Z}) and
 * parses them (the lenient rules of docs/format.md §9.1: date only, {@code T}/{@code t}/space, optional
 * seconds, any number of fraction digits, {@code Z}/{@code z}/±HH:MM, or no zone meaning local time).
 */
public final class IsoTime {

    private static final DateTimeFormatter CANONICAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private static final Pattern LENIENT = Pattern.compile(
            "(\\d{4})-(\\d{2})-(\\d{2})"
                    + "(?:[Tt ](\\d{2}):(\\d{2})(?::(\\d{2})(?:\\.(\\d+))?)?([Zz]|[+-]\\d{2}:\\d{2})?)?");

    private static final Pattern CANONICAL_SHAPE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");

    private IsoTime() {
    }

    /** Formats an instant as {@code yyyy-MM-ddTHH:mm:ss.SSSZ} in UTC (millisecond precision). */
    public static String format(Instant instant) {
        return CANONICAL.format(instant.truncatedTo(ChronoUnit.MILLIS));
    }

    /** Formats epoch milliseconds canonically. */
    public static String formatMillis(long epochMillis) {
        return format(Instant.ofEpochMilli(epochMillis));
    }

    /**
     * The canonical text of a time given in any shape {@link #parse} accepts: the instant it means, in UTC
     * with three fraction digits ({@code 2026-11-19t10:05z} → {@code 2026-11-19T10:05:00.000Z}, date only →
     * UTC midnight, no zone → {@code localZone}). Canonical text comes back unchanged; empty when the text
     * is not a time.
     */
    public static Optional<String> canonical(String text, ZoneId localZone) {
        return parse(text, localZone).map(IsoTime::format);
    }

    /** Whether {@code text} is a time in the canonical form {@link #format} writes (and only that form). */
    public static boolean isCanonical(String text) {
        return text != null && CANONICAL_SHAPE.matcher(text).matches()
                && text.equals(canonical(text, ZoneOffset.UTC).orElse(null));
    }

    /**
     * Parses a time leniently; date-only text is UTC midnight, text without a zone is local time, and
     * out-of-range days roll over like JavaScript's {@code Date.parse} ({@code 02-30} is March 2nd).
     */
    public static Optional<Instant> parse(String text, ZoneId localZone) {
        if (text == null) {
            return Optional.empty();
        }
        Matcher m = LENIENT.matcher(text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            int year = Integer.parseInt(m.group(1));
            int month = Integer.parseInt(m.group(2));
            int day = Integer.parseInt(m.group(3));
            if (month < 1 || month > 12 || day < 1 || day > 31) {
                return Optional.empty();
            }
            LocalDate date = LocalDate.of(year, month, 1).plusDays(day - 1L);
            if (m.group(4) == null) {
                return Optional.of(date.atStartOfDay(ZoneOffset.UTC).toInstant());
            }
            int hour = Integer.parseInt(m.group(4));
            int minute = Integer.parseInt(m.group(5));
            int second = m.group(6) == null ? 0 : Integer.parseInt(m.group(6));
            if (hour > 24 || minute > 59 || second > 59 || (hour == 24 && (minute > 0 || second > 0))) {
                return Optional.empty();
            }
            int millis = 0;
            if (m.group(7) != null) {
                String fraction = (m.group(7) + "00").substring(0, 3);
                millis = Integer.parseInt(fraction);
            }
            LocalDateTime local = date.atStartOfDay().plusHours(hour).plusMinutes(minute).plusSeconds(second)
                    .plusNanos(millis * 1_000_000L);
            String zone = m.group(8);
            if (zone == null) {
                return Optional.of(local.atZone(localZone).toInstant());
            }
            ZoneOffset offset = zone.equalsIgnoreCase("z") ? ZoneOffset.UTC : ZoneOffset.of(zone);
            return Optional.of(OffsetDateTime.of(local, offset).toInstant());
        } catch (DateTimeException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
