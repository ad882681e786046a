package io.memoryd.daemon.supervisor;

import java.io.IOException;
import java.nio.file.Path;

/** Starts renderer processes; the supervisor's only way to create one (tests inject scripted ones). */
@FunctionalInterface
public interface RendererLauncher {

    RendererHandle launch(String rendererId, Path socket) throws IOException;
}
