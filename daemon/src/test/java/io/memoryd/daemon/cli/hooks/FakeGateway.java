package io.memoryd.daemon.cli.hooks;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A Unix socket standing in for the daemon's hook gateway: it answers every request with a fixed status and
 * body, or (stalling) accepts connections and never answers. Each request it read is queued, head and body as
 * text. One accepting thread; the queue is the only state shared with the test.
 */
final class FakeGateway implements AutoCloseable {

    private final ServerSocketChannel server;
    private final Thread acceptor;
    private final BlockingQueue<String> requests = new LinkedBlockingQueue<>();
    /** Connections a stalling gateway keeps open; touched by the acceptor only, closed after it ended. */
    private final List<SocketChannel> held = new ArrayList<>();

    private FakeGateway(Path socket, int status, String body) throws IOException {
        server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
        server.bind(UnixDomainSocketAddress.of(socket));
        acceptor = new Thread(() -> serve(status, body), "fake-gateway");
        acceptor.start();
    }

    /** Answers each request with {@code status} and {@code body}. */
    static FakeGateway answering(Path socket, int status, String body) throws IOException {
        return new FakeGateway(socket, status, body);
    }

    /** Accepts each connection and never answers (as a daemon that hangs would). */
    static FakeGateway stalling(Path socket) throws IOException {
        return new FakeGateway(socket, -1, null);
    }

    /** The requests read so far, oldest first (request line, headers, blank line, body). */
    BlockingQueue<String> requests() {
        return requests;
    }

    private void serve(int status, String body) {
        try {
            while (true) {
                SocketChannel connection = server.accept();
                if (status < 0) {
                    held.add(connection);
                    continue;
                }
                try (connection) {
                    requests.add(readRequest(connection));
                    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                    String head = "HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length
                            + "\r\nConnection: close\r\n\r\n";
                    connection.write(ByteBuffer.wrap(head.getBytes(StandardCharsets.US_ASCII)));
                    connection.write(ByteBuffer.wrap(bytes));
                }
            }
        } catch (IOException closed) {
            // close() closed the server socket: done
        }
    }

    /** Reads the head, then as many body bytes as Content-Length says. */
    private static String readRequest(SocketChannel connection) throws IOException {
        StringBuilder text = new StringBuilder();
        ByteBuffer buffer = ByteBuffer.allocate(8192);
        int headEnd = -1;
        int length = 0;
        while (headEnd < 0 || text.length() < headEnd + length) {
            buffer.clear();
            if (connection.read(buffer) < 0) {
                break;
            }
            text.append(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
            if (headEnd < 0 && text.indexOf("\r\n\r\n") >= 0) {
                headEnd = text.indexOf("\r\n\r\n") + 4;
                for (String line : text.substring(0, headEnd).split("\r\n")) {
                    if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                        length = Integer.parseInt(line.substring("content-length:".length()).strip());
                    }
                }
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.close();
        acceptor.join();
        for (SocketChannel connection : held) {
            connection.close();
        }
    }
}
