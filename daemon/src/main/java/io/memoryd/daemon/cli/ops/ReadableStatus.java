package io.memoryd.daemon.cli.ops;

import com.google.protobuf.MessageOrBuilder;
import io.memoryd.proto.v1.HealthResponse;
import io.memoryd.proto.v1.RendererPoolStatus;
import java.io.PrintStream;

/**
 * What {@code memoryctl health} and {@code memoryctl pool} print: with {@code --json} the message itself
 * (memoryctl prints it as JSON, unchanged), else the readable view in this process's {@link Palette}.
 * Stateless.
 */
public final class ReadableStatus {

    private ReadableStatus() {
    }

    /** Returns {@code h} to print as JSON, or prints the readable view on {@code out} and returns null. */
    public static MessageOrBuilder health(HealthResponse h, boolean json, PrintStream out) {
        if (json) {
            return h;
        }
        out.print(new HealthView(Palette.forThisProcess()).render(h));
        return null;
    }

    /** Returns {@code p} to print as JSON, or prints the readable view on {@code out} and returns null. */
    public static MessageOrBuilder pool(RendererPoolStatus p, boolean json, PrintStream out) {
        if (json) {
            return p;
        }
        out.print(new PoolView(Palette.forThisProcess()).render(p));
        return null;
    }
}
