package io.memoryd.daemon.cli.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Settings JSON read strictly and printed back without losing members, order, nulls or number text. */
class StrictJsonTest {

    @Test
    void print_ofParse_keepsOrderNullsNumberTextAndUnicode_inTwoSpaceIndentWithATrailingNewline() {
        String text = "{\"z\":1.50,\"a\":null,\"big\":12345678901234567890,\"e\":-1E+2,\"s\":\"<é> & \\u00e9 '\\\"\","
                + "\"arr\":[],\"obj\":{},\"nested\":[{\"k\":true}]}";

        assertEquals("""
                {
                  "z": 1.50,
                  "a": null,
                  "big": 12345678901234567890,
                  "e": -1E+2,
                  "s": "<é> & é '\\"",
                  "arr": [],
                  "obj": {},
                  "nested": [
                    {
                      "k": true
                    }
                  ]
                }
                """, StrictJson.print(StrictJson.parse(text)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{a: 1}", "{'a': 1}", "{\"a\": 1,}", "[1,]", "{\"a\": NaN}", "{\"a\" = 1}",
            "{\"a\": 1}; {}", "# comment\n{}", "{\"a\": 1} trailing", "{\"a\": 'x'}", "{\"a\": x}"})
    void lenientForms_thatGsonWouldAccept_areRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> StrictJson.parse(text));
    }

    @Test
    void aDuplicateKey_isRefusedWithItsPath_atAnyDepth() {
        IllegalArgumentException top = assertThrows(IllegalArgumentException.class,
                () -> StrictJson.parse("{\"a\": 1, \"a\": 1}"));
        IllegalArgumentException deep = assertThrows(IllegalArgumentException.class,
                () -> StrictJson.parse("{\"h\": [{\"x\": 1}, {\"x\": 2, \"y\": {\"k\": 1, \"k\": 2}}]}"));

        assertEquals("key \"a\" appears twice in one object at $.a", top.getMessage());
        assertEquals("key \"k\" appears twice in one object at $.h[1].y.k", deep.getMessage());
    }

    @Test
    void theSameKeyInSiblingObjects_isNotADuplicate() {
        assertEquals("[\n  {\n    \"x\": 1\n  },\n  {\n    \"x\": 2\n  }\n]\n",
                StrictJson.print(StrictJson.parse("[{\"x\": 1}, {\"x\": 2}]")));
    }
}
