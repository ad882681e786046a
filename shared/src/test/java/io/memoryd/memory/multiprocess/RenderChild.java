package io.memoryd.memory.multiprocess;

import io.memoryd.memory.MemoryWorkspace;
import io.memoryd.memory.WorkspaceOptions;
import io.memoryd.memory.artifact.ArtifactBody;
import io.memoryd.memory.projection.Projection;
import io.memoryd.memory.projection.TokenBudget;
import io.memoryd.memory.workspace.AgentId;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A second process for {@link TwoProcessRenderTest}: opens the workspace with a fixed clock, says
 * {@code READY}, waits for {@code GO} on stdin so both processes start together, renders and prints
 * {@code DONE <sha256 of content>}; with {@code update <manifest> <n>} it rewrites a manifest n times instead.
 */
public final class RenderChild {

    private RenderChild() {
    }

    public static void main(String[] args) throws Exception {
        Path root = Path.of(args[0]);
        Clock clock = Clock.fixed(Instant.parse(args[1]), ZoneOffset.UTC);
        WorkspaceOptions options = WorkspaceOptions.defaults(root).withClock(clock).withFsync(false);
        try (MemoryWorkspace ws = MemoryWorkspace.open(options)) {
            System.out.println("READY");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                System.exit(3);
            }
            if (args.length > 2 && args[2].equals("update")) {
                Path manifest = root.resolve(args[3]);
                int times = Integer.parseInt(args[4]);
                for (int i = 0; i < times; i++) {
                    ws.manifests().update(AgentId.DEFAULT, manifest, fm -> fm.toBuilder()
                            .put("test_counter", fm.longOr("test_counter", 0) + 1).build());
                }
                System.out.println("DONE updates");
            } else {
                Projection p = ws.render(AgentId.DEFAULT, TokenBudget.DEFAULT_MAX_TOKENS);
                System.out.println("DONE " + ArtifactBody.sha256(p.content()));
            }
            System.out.flush();
        }
    }
}
