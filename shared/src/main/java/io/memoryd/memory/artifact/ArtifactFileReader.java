package io.memoryd.memory.artifact;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads artifact text strictly: regular files only (no symlinks, no directories), a size limit, and
 * UTF-8 that must decode without replacement. Each refusal is an {@link ArtifactReadException} naming the
 * file and the reason.
 */
public final class ArtifactFileReader {

    /** Default limit; real artifacts are a few KB, so anything this big is not one of ours. */
    public static final long DEFAULT_MAX_BYTES = 16L * 1024 * 1024;

    private static final char REPLACEMENT = '\uFFFD';

    private final long maxBytes;

    public ArtifactFileReader(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Reads and decodes the file, refusing anything that is not a plain UTF-8 file within the limit. */
    public String read(Path file) throws ArtifactReadException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new ArtifactReadException(file, "cannot stat: " + e.getMessage(), e);
        }
        if (attrs.isSymbolicLink()) {
            throw new ArtifactReadException(file, "is a symbolic link, not a regular file", null);
        }
        if (!attrs.isRegularFile()) {
            throw new ArtifactReadException(file, "is not a regular file", null);
        }
        if (attrs.size() > maxBytes) {
            throw new ArtifactReadException(file,
                    "is " + attrs.size() + " bytes, over the " + maxBytes + "-byte artifact limit", null);
        }
        byte[] bytes;
        try (SeekableByteChannel channel = Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS)) {
            long size = channel.size();
            if (size > maxBytes) {
                throw new ArtifactReadException(file,
                        "is " + size + " bytes, over the " + maxBytes + "-byte artifact limit", null);
            }
            // read straight into the array that the String is made from; copied only if the file shrank
            byte[] full = new byte[(int) size];
            ByteBuffer buffer = ByteBuffer.wrap(full);
            while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
                // keep reading until full or EOF (the file may shrink while we read)
            }
            bytes = buffer.position() == full.length ? full : java.util.Arrays.copyOf(full, buffer.position());
        } catch (IOException e) {
            throw new ArtifactReadException(file, "cannot read: " + e.getMessage(), e);
        }
        // The String constructor decodes in one pass (ASCII, nearly every artifact, straight to a compact
        // String) but replaces malformed input with U+FFFD; without one in the result the input was valid
        // UTF-8. A U+FFFD may also be a genuine character, so only then does the strict decoder decide.
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (text.indexOf(REPLACEMENT) < 0) {
            return text;
        }
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ArtifactReadException(file, "is not valid UTF-8", e);
        }
    }
}
