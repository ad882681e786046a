package io.memoryd.memory.artifact;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Front-matter serialization and parsing (docs/format.md §2.5–2.6, §10 case 4). */
class FrontMatterCodecTest {

    private static FrontMatter roundTrip(FrontMatter fm) {
        ArtifactDocument doc = FrontMatterCodec.parse(FrontMatterCodec.document(fm, "body"));
        assertEquals("body\n", doc.body());
        return doc.frontMatter();
    }

    @Test
    @DisplayName("§10 case 4: strings with quotes, backslashes, newlines and non-ASCII survive serialize→parse")
    void roundTripsAwkwardStrings() {
        FrontMatter fm = FrontMatter.builder()
                .put("quotes", "say \"hi\" and 'bye'")
                .put("backslashes", "C:\\Users\\me\\proj \\n not a newline")
                .put("newlines", "line1\nline2\r\nline3\ttab")
                .put("non_ascii", "naïve café — 日本語 😀 <a href=\"/x\">&amp;</a> =")
                .put("controls", "bell\u0007 nul\u0000 esc\u001b del\u007f")
                .put("empty", "")
                .put("colon", "key: value: more")
                .build();
        assertEquals(fm, roundTrip(fm));
    }

    @Test
    @DisplayName("§10 case 4: null, integers, booleans and decimals survive serialize→parse with their types")
    void roundTripsScalarsOfEveryType() {
        FrontMatter fm = FrontMatter.builder()
                .put("nothing", null)
                .put("revision", 1L)
                .put("negative", -42L)
                .put("yes", true)
                .put("no", false)
                .put("ratio", 1.5)
                .build();
        FrontMatter parsed = roundTrip(fm);
        assertEquals(fm, parsed);
        assertTrue(parsed.containsKey("nothing"));
        assertNull(parsed.get("nothing"));
        assertEquals(Long.class, parsed.get("revision").getClass());
        assertEquals(Boolean.class, parsed.get("yes").getClass());
        assertEquals(Double.class, parsed.get("ratio").getClass());
    }

    @Test
    @DisplayName("§10 case 4: an empty array and a non-empty array survive serialize→parse")
    void roundTripsArrays() {
        FrontMatter fm = FrontMatter.builder()
                .put("memory_md_refs", List.of())
                .put("tags", List.of("Session Ledger (Last 30 Days)", "with \"quotes\""))
                .put("mixed", Arrays.asList(1L, true, null, "x"))
                .put("after", "still here")
                .build();
        assertEquals(fm, roundTrip(fm));
    }

    @Test
    @DisplayName("§2.5: entries are written in insertion order in the exact line forms")
    void serializesInInsertionOrderWithExactLineForms() {
        FrontMatter fm = FrontMatter.builder()
                .put("kind", "manifest")
                .put("revision", 2)
                .put("ok", true)
                .put("compaction_path", null)
                .put("memory_md_refs", List.of())
                .put("tags", List.of("a", "b"))
                .put("ratio", 0.25)
                .build();
        assertEquals("---\nkind: \"manifest\"\nrevision: 2\nok: true\ncompaction_path: null\nmemory_md_refs:\n"
                + "tags:\n  - \"a\"\n  - \"b\"\nratio: 0.25\n---", FrontMatterCodec.serialize(fm));
    }

    @Test
    @DisplayName("§2.5: strings escape only \" \\ and control characters; / < > & ' = and non-ASCII stay verbatim")
    void escapesOnlyQuotesBackslashesAndControls() {
        FrontMatter fm = FrontMatter.builder()
                .put("v", "\"\\\n\t\r\b\f\u0001\u001f/<>&'=é\u2028")
                .build();
        assertEquals("---\nv: \"\\\"\\\\\\n\\t\\r\\b\\f\\u0001\\u001f/<>&'=é\u2028\"\n---",
                FrontMatterCodec.serialize(fm));
    }

    @Test
    @DisplayName("§2.5: a document is front matter, newline, normalized body, newline")
    void writesDocumentAsFrontMatterNewlineBodyNewline() {
        FrontMatter fm = FrontMatter.builder().put("kind", "summary").build();
        assertEquals("---\nkind: \"summary\"\n---\nline one\nline two\n",
                FrontMatterCodec.document(fm, "line one\nline two"));
    }

    @Test
    @DisplayName("§2.6: a body with its own --- lines survives (the first closer after index 4 ends the block)")
    void bodyWithDashLinesSurvives() {
        FrontMatter fm = FrontMatter.builder().put("kind", "summary").put("note", "a\n---\nb").build();
        ArtifactDocument doc = FrontMatterCodec.parse(FrontMatterCodec.document(fm, "intro\n---\nkind: \"x\"\n---\nend"));
        assertEquals(fm, doc.frontMatter());
        assertEquals("intro\n---\nkind: \"x\"\n---\nend", ArtifactBody.normalize(doc.body()));
    }

    @Test
    @DisplayName("§10 case 4: unquoted values parse as strings (numbers and keywords excepted)")
    void parsesUnquotedValuesAsStrings() {
        FrontMatter fm = FrontMatterCodec.parse("---\na: hello world\nb: 1.2.3\nc: 12abc\nd: True\ne: 007\n"
                + "f: -3.50\ng: /home/u/proj\n---\nbody").frontMatter();
        assertEquals("hello world", fm.get("a"));
        assertEquals("1.2.3", fm.get("b"));
        assertEquals("12abc", fm.get("c"));
        assertEquals("True", fm.get("d"));
        assertEquals(7L, fm.get("e"));
        assertEquals(-3.5, fm.get("f"));
        assertEquals("/home/u/proj", fm.get("g"));
    }

    @Test
    @DisplayName("§10 case 4: \"---\\n---\\n…\" parses as no front matter, the body is the whole text")
    void emptyBlockIsNotFrontMatter() {
        String text = "---\n---\nkind: \"summary\"\nbody\n";
        ArtifactDocument doc = FrontMatterCodec.parse(text);
        assertTrue(doc.frontMatter().isEmpty());
        assertEquals(text, doc.body());
    }

    @Test
    @DisplayName("§2.6: text not starting with ---\\n, or without a closing \\n---\\n, is all body")
    void textWithoutABlockIsAllBody() {
        for (String text : new String[] {"kind: summary\n---\nx\n", " ---\nkind: x\n---\n", "---\nkind: x\n--\nbody",
                "---kind: x\n---\n"}) {
            ArtifactDocument doc = FrontMatterCodec.parse(text);
            assertTrue(doc.frontMatter().isEmpty(), text);
            assertEquals(text, doc.body());
        }
    }

    @Test
    @DisplayName("§2.6: CRLF files parse like LF files")
    void parsesCrlfText() {
        ArtifactDocument doc = FrontMatterCodec.parse("---\r\nkind: \"summary\"\r\ntags:\r\n  - \"a\"\r\n---\r\nbody\r\n");
        assertEquals("summary", doc.frontMatter().get("kind"));
        assertEquals(List.of("a"), doc.frontMatter().get("tags"));
        assertEquals("body\n", doc.body());
    }

    @Test
    @DisplayName("§2.6: later duplicate keys overwrite earlier ones in the earlier position")
    void laterDuplicatesOverwrite() {
        FrontMatter fm = FrontMatterCodec.parse("---\na: 1\nb: 2\na: \"x\"\n---\n").frontMatter();
        assertEquals(List.of("a", "b"), List.copyOf(fm.entries().keySet()));
        assertEquals("x", fm.get("a"));
    }

    @Test
    @DisplayName("§2.6: array items under a scalar key, or before any key, are ignored; lines without ':' too")
    void ignoresStrayArrayItemsAndLinesWithoutColon() {
        FrontMatter fm = FrontMatterCodec.parse("---\na: 1\n  - \"x\"\nno colon here\nlist:\n  - 1\n  - \"two\"\n---\n")
                .frontMatter();
        assertEquals(1L, fm.get("a"));
        assertEquals(Arrays.asList(1L, "two"), fm.get("list"));
        assertEquals(List.of("a", "list"), List.copyOf(fm.entries().keySet()));
    }

    @Test
    @DisplayName("§2.6: keys and values are trimmed; an empty value is an empty array")
    void trimsKeysAndValues() {
        FrontMatter fm = FrontMatterCodec.parse("---\n  spaced key  :   \"v\"   \nempty:   \n---\n").frontMatter();
        assertEquals("v", fm.get("spaced key"));
        assertEquals(List.of(), fm.get("empty"));
    }

    @Test
    @DisplayName("§2.6: a quoted value that is not valid JSON loses its first and last character")
    void invalidQuotedValueDropsFirstAndLastCharacter() {
        FrontMatter fm = FrontMatterCodec.parse("---\na: \"bad \\q escape\"\nb: \"unterminated\nc: \"\n---\n")
                .frontMatter();
        assertEquals("bad \\q escape", fm.get("a"));
        assertEquals("unterminate", fm.get("b"));
        assertEquals("", fm.get("c"));
    }
}
