package io.memoryd.process.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The version every memoryd command prints for {@code --version} ({@code memoryd <version>}) and the daemon
 * and renderers report in their health: the {@code Implementation-Version} of the entry point's jar manifest
 * (the daemon and renderer jars carry one), else the project version the build wrote into this module's
 * {@code memoryd-version.properties} (class directories in tests, the tools jar).
 */
public final class MemorydVersion {

    private static final String RESOURCE = "memoryd-version.properties";

    private MemorydVersion() {
    }

    /** The version of the program whose main class is {@code entryPoint}. */
    public static String of(Class<?> entryPoint) {
        Package p = entryPoint.getPackage();
        String manifest = p == null ? null : p.getImplementationVersion();
        return manifest != null && !manifest.isBlank() ? manifest : built();
    }

    /** The line {@code --version} prints: {@code memoryd <version>}. */
    public static String line(Class<?> entryPoint) {
        return "memoryd " + of(entryPoint);
    }

    /** The project version the build recorded; "dev" when the resource is missing or was not filtered. */
    static String built() {
        try (InputStream in = MemorydVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return "dev";
            }
            Properties props = new Properties();
            props.load(in);
            String v = props.getProperty("version", "");
            return v.isBlank() || v.startsWith("${") ? "dev" : v.trim();
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + RESOURCE, e);
        }
    }
}
