package io.memoryd.daemon.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The summary memoryd writes without a language model: its layout, its size and its determinism. */
class ExtractiveSummaryTest {

    private static final ExtractiveSummary.Context CONTEXT =
            new ExtractiveSummary.Context("claude-code", "/home/u/proj", 2);

    private static SessionFacts facts(FactsCollector c) {
        return c.facts();
    }

    @Test
    void layoutNamesRequestsFilesCommandsAndTheFinalAnswer() {
        FactsCollector c = new FactsCollector();
        c.timestamp("2026-04-30T10:00:00Z");
        c.request("Fix the flaky retry test");
        c.request("Also update the changelog");
        c.toolCall();
        c.toolCall();
        c.fileRead("/p/src/RetryTest.java");
        c.fileChanged("/p/src/RetryTest.java");
        c.fileChanged("/p/CHANGELOG.md");
        c.commandRun("mvn -q test");
        c.commandRun("git status");
        c.commandRun("mvn -q test");
        c.answer("Done: the test uses a fake clock.\nThe changelog says so.");
        c.timestamp("2026-04-30T10:05:00Z");

        assertEquals("""
                Session summary (extractive): harness claude-code, project /home/u/proj, segment 2.
                2 requests, 2 tool calls, from 2026-04-30T10:00:00.000Z to 2026-04-30T10:05:00.000Z.

                First request: Fix the flaky retry test

                Later requests (1):
                - Also update the changelog

                Files changed (2):
                - /p/src/RetryTest.java
                - /p/CHANGELOG.md

                Files read (1):
                - /p/src/RetryTest.java

                Commands run (2):
                - git status
                - mvn -q test

                Final answer: Done: the test uses a fake clock. The changelog says so.""",
                ExtractiveSummary.render(CONTEXT, facts(c), null, 2000));
    }

    @Test
    void aBusySessionStaysWithinTheLimitKeepingFirstAndLatestThings() {
        FactsCollector c = new FactsCollector();
        for (int i = 0; i < 200; i++) {
            c.request("request " + i + " " + "with some words ".repeat(10));
            c.fileChanged("/home/u/proj/src/main/java/io/example/module" + i + "/SomeLongClassName" + i + ".java");
            c.fileRead("/home/u/proj/docs/read" + i + ".md");
            c.commandRun("mvn -q -pl module" + i + " verify -Dtest=SomethingTest" + i);
            c.toolCall();
        }
        c.answer("final ".repeat(300));

        String summary = ExtractiveSummary.render(CONTEXT, facts(c), null, 2000);

        assertTrue(summary.length() <= 2000, "length " + summary.length());
        assertTrue(summary.length() > 1500, "uses the room it has: " + summary.length());
        assertTrue(summary.contains("First request: request 0 "), summary);
        assertTrue(summary.contains("- request 199 "), "the latest request is kept: " + summary);
        assertTrue(summary.contains("Final answer: final final"), summary);
        assertTrue(summary.contains("Later requests (latest ") && summary.contains(" of 199):"), summary);
        assertTrue(summary.contains("200 requests, 200 tool calls."), summary);
        assertEquals(summary, ExtractiveSummary.render(CONTEXT, facts(c), null, 2000), "deterministic");
    }

    @Test
    void aSegmentEndedByACompactionShowsTheStartOfItsSummary() {
        FactsCollector c = new FactsCollector();
        c.request("Refactor the parser");
        String summary = ExtractiveSummary.render(CONTEXT, c.facts(), "This session is being continued from a previous"
                + " conversation that ran out of context.\nThe parser was split into\n  three classes.", 2000);
        assertTrue(summary.endsWith("\n\nCompaction summary: The parser was split into three classes."), summary);
    }

    @Test
    void aSessionWithoutRequestsSaysSo() {
        String summary = ExtractiveSummary.render(new ExtractiveSummary.Context("generic", null, 1),
                new FactsCollector().facts(), null, 2000);
        assertEquals("""
                Session summary (extractive): harness generic, project none, segment 1.
                0 requests, 0 tool calls.

                No user request was found.""", summary);
    }

    @Test
    void theNothingReadableSummaryListsTheReasons() {
        String summary = ExtractiveSummary.nothingReadable(CONTEXT, List.of("transcript /t is missing"), 2000);
        assertTrue(summary.endsWith("\n\nNo transcript was readable for this session:\n- transcript /t is missing"),
                summary);
    }

    @Test
    void multiLineRequestsShowTheirFirstLine() {
        FactsCollector c = new FactsCollector();
        c.request("  Please do this:\n1. a\n2. b");
        String summary = ExtractiveSummary.render(CONTEXT, c.facts(), null, 2000);
        assertTrue(summary.endsWith("\n\nFirst request: Please do this: …"), summary);
        assertFalse(summary.contains("1. a"));
    }
}
