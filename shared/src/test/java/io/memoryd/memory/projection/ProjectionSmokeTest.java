package io.memoryd.memory.projection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.memoryd.memory.testing.TestWorkspace;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectionSmokeTest {

    @TempDir
    Path root;

    @Test
    void rendersOneSessionInTheLedger() {
        try (TestWorkspace t = TestWorkspace.open(root)) {
            t.ws.writer().writeSummary(TestWorkspace.session("default", "sess-9", "/home/u/proj",
                    "2026-04-29T10:00:00.000Z", "Worked on the projection renderer."));
            Projection p = t.render("default");
            System.err.println(p.content());
            assertTrue(p.content().contains("### 2026-04-29\n\n- 2026-04-29T10:00:00.000Z | session=sess-9 | project=/home/u/proj | Session proj captured durable summary context"), p.content());
            assertEquals(1, p.fileCount());
        }
    }
}
