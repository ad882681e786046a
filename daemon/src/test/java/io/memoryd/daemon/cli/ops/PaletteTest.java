package io.memoryd.daemon.cli.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** When operator output is coloured: on a terminal only, and never when NO_COLOR is set (no-color.org). */
class PaletteTest {

    @Test
    void aTerminalWithoutNoColor_getsColour() {
        assertTrue(Palette.choose(true, Map.of()).colours());
        assertTrue(Palette.choose(true, Map.of("NO_COLOR", "")).colours(), "an empty NO_COLOR counts as unset");
    }

    @Test
    void noColorSetToAnything_turnsColourOff_evenOnATerminal() {
        assertFalse(Palette.choose(true, Map.of("NO_COLOR", "1")).colours());
        assertFalse(Palette.choose(true, Map.of("NO_COLOR", "false")).colours());
    }

    @Test
    void notATerminal_isPlain() {
        assertFalse(Palette.choose(false, Map.of()).colours());
    }

    @Test
    void aPlainPalette_leavesTextAsItIs() {
        assertEquals("ready", Palette.plain().paint(Tone.GOOD, "ready"));
        assertEquals("\u001b[31mfail\u001b[0m", Palette.ansi().paint(Tone.BAD, "fail"));
    }
}
