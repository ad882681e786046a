package io.memoryd.memory.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Canonical formatting and the lenient parse of docs/format.md §9.1 (what "parses as a time" means). */
class IsoTimeTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static Instant parsed(String text, ZoneId zone) {
        Optional<Instant> at = IsoTime.parse(text, zone);
        assertTrue(at.isPresent(), () -> "not parsed: " + text);
        return at.get();
    }

    @ParameterizedTest(name = "E2: \"{0}\" parses as {1}")
    @CsvSource(delimiter = '|', value = {
        "2026-11-22|2026-11-22T00:00:00Z",
        "2026-11-08T06:00:00Z|2026-11-08T06:00:00Z",
        "2026-11-08T06:00:00.000Z|2026-11-08T06:00:00Z",
        "2026-11-19T10:05Z|2026-11-19T10:05:00Z",
        "2026-11-19 02:54:31.996Z|2026-11-19T02:54:31.996Z",
        "2026-11-19T02:54:31.996456Z|2026-11-19T02:54:31.996Z",
        "2026-11-19T02:54:31.9Z|2026-11-19T02:54:31.900Z",
        "2026-11-19T02:54:31+01:00|2026-11-19T01:54:31Z",
        "2026-11-19T02:54:31-05:30|2026-11-19T08:24:31Z",
        "2026-11-19t02:54:31.996z|2026-11-19T02:54:31.996Z",
        "2026-11-19 10:05z|2026-11-19T10:05:00Z",
    })
    @DisplayName("E2: every accepted form parses to the instant Date.parse gives")
    void parsesEveryAcceptedForm(String text, String expected) {
        assertEquals(Instant.parse(expected), parsed(text, BERLIN));
    }

    @Test
    @DisplayName("E2: date-only text is UTC midnight whatever the local zone")
    void dateOnlyIsUtcMidnight() {
        assertEquals(Instant.parse("2026-11-22T00:00:00Z"), parsed("2026-11-22", ZoneId.of("America/New_York")));
    }

    @Test
    @DisplayName("E2: a date-time without zone is local time of the process")
    void dateTimeWithoutZoneIsLocalTime() {
        assertEquals(Instant.parse("2026-11-19T01:54:31Z"), parsed("2026-11-19T02:54:31", BERLIN));
        assertEquals(Instant.parse("2026-07-19T00:54:31Z"), parsed("2026-07-19T02:54:31", BERLIN));
        assertEquals(Instant.parse("2026-11-19T02:54:31Z"), parsed("2026-11-19T02:54:31", ZoneOffset.UTC));
    }

    @Test
    @DisplayName("E2: invalid days roll over like Date.parse (2026-02-30 is March 2nd)")
    void rollsInvalidDaysOver() {
        assertEquals(Instant.parse("2026-03-02T10:00:00Z"), parsed("2026-02-30T10:00:00.000Z", BERLIN));
        assertEquals(Instant.parse("2026-05-01T00:00:00Z"), parsed("2026-04-31", BERLIN));
    }

    @ParameterizedTest(name = "E2: \"{0}\" is rejected")
    @ValueSource(strings = {"unknown", "", "   ", "not a time", "yesterday", "none"})
    @DisplayName("E2: text that is not a time is rejected")
    void rejectsTextThatIsNotATime(String text) {
        assertEquals(Optional.empty(), IsoTime.parse(text, BERLIN));
    }

    @Test
    @DisplayName("E2: null is rejected")
    void rejectsNull() {
        assertEquals(Optional.empty(), IsoTime.parse(null, BERLIN));
    }

    @Test
    @DisplayName("§9: formatting always writes three fraction digits and Z")
    void formatsWithThreeFractionDigits() {
        assertEquals("2026-03-28T22:34:06.000Z", IsoTime.format(Instant.parse("2026-03-28T22:34:06Z")));
        assertEquals("2026-03-28T22:34:06.792Z", IsoTime.format(Instant.parse("2026-03-28T22:34:06.792999Z")));
        assertEquals("1970-01-01T00:00:00.001Z", IsoTime.formatMillis(1));
    }

    @Test
    @DisplayName("§9: a canonical time parses back to the instant it was formatted from")
    void canonicalTimesRoundTrip() {
        Instant at = Instant.parse("2026-04-30T12:00:00.123Z");
        assertEquals(at, parsed(IsoTime.format(at), BERLIN));
    }

    @ParameterizedTest(name = "canonical(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', value = {
        "2026-03-28T22:34:06.792Z|2026-03-28T22:34:06.792Z",
        "2026-03-28t22:34:06.792z|2026-03-28T22:34:06.792Z",
        "2026-03-28|2026-03-28T00:00:00.000Z",
        "2026-03-28 22:34|2026-03-28T21:34:00.000Z",
        "2026-03-28T22:34:06.792456+01:00|2026-03-28T21:34:06.792Z",
        "2026-02-30T10:00:00.000Z|2026-03-02T10:00:00.000Z",
    })
    @DisplayName("canonical: every accepted shape becomes the instant in yyyy-MM-ddTHH:mm:ss.SSSZ; canonical text stays")
    void canonicalisesEveryAcceptedShape(String text, String expected) {
        assertEquals(Optional.of(expected), IsoTime.canonical(text, BERLIN));
    }

    @Test
    @DisplayName("canonical: text that is not a time has no canonical form")
    void textThatIsNotATimeHasNoCanonicalForm() {
        assertEquals(Optional.empty(), IsoTime.canonical("yesterday", BERLIN));
        assertEquals(Optional.empty(), IsoTime.canonical(null, BERLIN));
    }

    @ParameterizedTest(name = "isCanonical(\"{0}\") = {1}")
    @CsvSource(delimiter = '|', value = {
        "2026-03-28T22:34:06.792Z|true",
        "2026-03-28t22:34:06.792Z|false",
        "2026-03-28T22:34:06.792z|false",
        "2026-03-28|false",
        "2026-03-28T22:34:06Z|false",
        "2026-03-28T22:34:06.7920Z|false",
        "2026-02-30T10:00:00.000Z|false",
        "2026-03-28T24:00:00.000Z|false",
    })
    @DisplayName("isCanonical: only the exact form format writes, for a real calendar instant")
    void recognisesOnlyTheCanonicalForm(String text, boolean expected) {
        assertEquals(expected, IsoTime.isCanonical(text));
    }
}
