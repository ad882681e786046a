package io.memoryd.daemon;

import io.grpc.Metadata;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The bearer token that calls on the loopback TCP port must carry: anyone on the machine can connect to
 * 127.0.0.1, so the port asks for a secret that only the daemon's user can read. A new random token
 * (256 bits) is written at every daemon start to {@code <run dir>/tcp.token}, mode 0600; clients send it as
 * {@code authorization: Bearer <token>}.
 */
public final class LoopbackToken {

    public static final String FILE_NAME = "tcp.token";
    public static final Metadata.Key<String> AUTHORIZATION =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);
    static final String SCHEME = "Bearer ";

    private LoopbackToken() {
    }

    /** Makes a new token and writes it (0600) to {@link #file} of {@code runDir}. */
    static String create(Path runDir, SecureRandom random) throws IOException {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        RunDirectory.writePrivate(file(runDir), token + "\n");
        return token;
    }

    public static Path file(Path runDir) {
        return runDir.resolve(FILE_NAME);
    }

    /** The token the daemon of {@code runDir} wrote; fails naming the file when it cannot be read. */
    public static String read(Path runDir) throws IOException {
        Path file = file(runDir);
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new IOException("cannot read the TCP token " + file + " (" + e
                    + "); is a daemon of this workspace running with --tcp-port?", e);
        }
    }

    /** The header value that carries {@code token}. */
    public static String headerValue(String token) {
        return SCHEME + token;
    }
}
