package io.memoryd.daemon.hooks;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;

/**
 * The bytes a capture reads: a transcript file, opened without following a symbolic link and only when it
 * is a regular file, or the transcript text a request carried (as UTF-8). Not thread-safe.
 */
final class TranscriptSource implements Closeable {

    /** How much of the first line identifies a transcript (docs/format.md §5.7: a replaced file starts over). */
    static final int FIRST_LINE_BYTES = 4096;

    /** Why there is nothing to read; the message names the path. */
    static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message) {
            super(message);
        }
    }

    private final String description;
    private final long size;
    private final LineReader.PositionalReader reader;
    private final Closeable resource;

    private TranscriptSource(String description, long size, LineReader.PositionalReader reader, Closeable resource) {
        this.description = description;
        this.size = size;
        this.reader = reader;
        this.resource = resource;
    }

    /**
     * Opens a transcript file for reading. A symbolic link is refused (the daemon would otherwise copy
     * whatever it points to into memory), and so is anything but a regular file (a FIFO would block the
     * read).
     *
     * @throws Unavailable saying why: missing, a symbolic link, not a regular file, or not readable
     */
    static TranscriptSource open(Path file) throws Unavailable {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw new Unavailable("transcript " + file + " is missing");
        } catch (IOException e) {
            throw new Unavailable("transcript " + file + " cannot be read: " + e);
        }
        if (attributes.isSymbolicLink()) {
            throw new Unavailable("transcript " + file + " is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw new Unavailable("transcript " + file + " is not a regular file");
        }
        try {
            // NOFOLLOW_LINKS here too: a link put in place between the check and the open is refused (ELOOP).
            FileChannel channel = FileChannel.open(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            try {
                return new TranscriptSource("transcript " + file, channel.size(), channel::read, channel);
            } catch (IOException e) {
                channel.close();
                throw e;
            }
        } catch (AccessDeniedException e) {
            throw new Unavailable("transcript " + file + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new Unavailable("transcript " + file + " cannot be read: " + e);
        }
    }

    /** The transcript text a request carried, read as its UTF-8 bytes. */
    static TranscriptSource ofText(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        LineReader.PositionalReader reader = (into, position) -> {
            if (position >= bytes.length) {
                return -1;
            }
            int n = (int) Math.min(into.remaining(), bytes.length - position);
            into.put(bytes, (int) position, n);
            return n;
        };
        return new TranscriptSource("transcript text", bytes.length, reader, () -> { });
    }

    /** {@code transcript /path} or {@code transcript text}, for messages. */
    String description() {
        return description;
    }

    long size() {
        return size;
    }

    LineReader.PositionalReader reader() {
        return reader;
    }

    /** SHA-256 (hex) of the first line's first {@value #FIRST_LINE_BYTES} bytes, without its {@code \n}. */
    String firstLineSha256() throws IOException {
        ByteBuffer head = ByteBuffer.allocate((int) Math.min(FIRST_LINE_BYTES, size));
        while (head.hasRemaining()) {
            if (reader.read(head, head.position()) < 0) {
                break;
            }
        }
        byte[] bytes = head.array();
        int n = 0;
        while (n < head.position() && bytes[n] != '\n') {
            n++;
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(bytes, 0, n);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    @Override
    public void close() throws IOException {
        resource.close();
    }
}
