package io.memoryd.memory.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The one JavaScript whitespace set of docs/format.md §9.2. */
class JsWhitespaceTest {

    private static final String JS_SET = "\t\n\u000B\f\r \u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006"
            + "\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000\uFEFF";

    @Test
    @DisplayName("E3: exactly the listed characters are whitespace")
    void containsExactlyTheListedCharacters() {
        Pattern cls = Pattern.compile(JsWhitespace.CLASS);
        for (int i = 0; i <= 0xFFFF; i++) {
            char c = (char) i;
            boolean expected = JS_SET.indexOf(c) >= 0;
            assertEquals(expected, JsWhitespace.isWhitespace(c), () -> "isWhitespace U+" + Integer.toHexString(c));
            assertEquals(expected, cls.matcher(String.valueOf(c)).matches(), () -> "CLASS U+" + Integer.toHexString(c));
        }
    }

    @Test
    @DisplayName("E3: U+0085 and U+001C–U+001F are not whitespace (unlike Java's isWhitespace/strip)")
    void excludesNelAndInformationSeparators() {
        for (char c : new char[] {'\u0085', '\u001C', '\u001D', '\u001E', '\u001F', '\u200B'}) {
            assertFalse(JsWhitespace.isWhitespace(c), () -> "U+" + Integer.toHexString(c));
        }
        assertEquals("\u0085x\u001f", JsWhitespace.trim(" \u0085x\u001f\u00a0"));
    }

    @Test
    @DisplayName("E3: trim and trimEnd remove NBSP, U+3000 and BOM")
    void trimsUnicodeSpaces() {
        assertEquals("a b", JsWhitespace.trim("\u00a0\ufeff a b\u3000\u2028"));
        assertEquals("\u00a0a", JsWhitespace.trimEnd("\u00a0a\u00a0\t"));
        assertTrue(JsWhitespace.isBlank("\u00a0\u3000 \n"));
        assertTrue(JsWhitespace.isBlank(null));
        assertFalse(JsWhitespace.isBlank(" x "));
    }

    @Test
    @DisplayName("E3: words split on runs of the set, so NBSP separates words")
    void countsWordsSplitByUnicodeWhitespace() {
        assertEquals(3, JsWhitespace.countWords("one\u00a0two\u3000\u3000three"));
        assertEquals(2, JsWhitespace.countWords("  one \u0085two  "));
        assertEquals(0, JsWhitespace.countWords(" \u00a0 "));
    }
}
