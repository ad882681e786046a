package io.memoryd.tools.load;

/** Something a chaos run did to the system at a moment (ms since the run started), drawn on the charts. */
public record FaultMarker(long atMillis, String label) {
}
