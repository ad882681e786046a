package io.memoryd.daemon.cli;

import io.memoryd.process.socket.NativeTransport;
import io.memoryd.process.socket.UnixSocketChannels;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.MetadataUtils;
import io.memoryd.daemon.LoopbackToken;
import io.memoryd.daemon.RunDirectory;
import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.HealthRequest;
import io.memoryd.proto.v1.MemoryServiceGrpc;
import io.memoryd.proto.v1.PurgeNoiseRequest;
import io.memoryd.proto.v1.ReindexRequest;
import io.memoryd.proto.v1.RemoveSessionRequest;
import io.memoryd.proto.v1.RendererPoolRequest;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import io.memoryd.proto.v1.WriteArtifactRequest;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code scripts/memoryctl}: the operator and hook client of a running daemon, over its Unix socket or,
 * with {@code --tcp}, its loopback TCP port and bearer token.
 * Results on stdout (human-readable, or {@code --json}); errors on stderr; exit 0 only on success.
 */
public final class MemoryCtl {

    static final String USAGE = """
            usage: memoryctl <command> [--home DIR] [--socket PATH | --tcp 127.0.0.1:PORT] [--json] [options]

              health                                    daemon status and resources
              pool                                      the renderer pool
              synthesize [--agent A] [--max-tokens N]   print the projection (non-zero exit on failure)
              reindex [--agent A]                       index pass (all agents without --agent)
              remove-session [--agent A] (--token T | --session-id S) --reason R
              write-summary [--agent A] --session-id S --captured-at ISO [--project P] [--harness H]
                            [--session-key K] [--ended-at ISO] [--file F]   (text from --file, else stdin)
              purge-noise [--agent A] [--reason R]

            Talks to the daemon's Unix socket (default <run dir of the workspace>/daemon.sock), or with --tcp to
            its loopback TCP port, sending the token from <run dir>/tcp.token (the daemon's --tcp-port).
            """;

    private MemoryCtl() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("--help")) {
            (args.isEmpty() ? err : out).print(USAGE);
            return args.isEmpty() ? 2 : 0;
        }
        Map<String, String> opts = new HashMap<>();
        boolean json = false;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--json")) {
                json = true;
            } else if (a.startsWith("--") && i + 1 < args.size()) {
                opts.put(a, args.get(++i));
            } else {
                err.println("memoryctl: unexpected argument " + a);
                err.print(USAGE);
                return 2;
            }
        }
        Path runDir = RunDirectory.choose(WorkspaceRoots.resolve(opts.get("--home"), System.getenv(),
                System.getProperty("user.home")));
        Path socket = opts.containsKey("--socket") ? Path.of(opts.get("--socket")) : runDir.resolve("daemon.sock");
        String tcp = opts.get("--tcp");
        String where = tcp == null ? "socket " + socket : "tcp " + tcp;
        UnixSocketChannels channels = null;
        ManagedChannel channel;
        try {
            if (tcp == null) {
                channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
                channel = channels.builder(socket).build();
            } else {
                channel = tcpChannel(tcp, runDir);
            }
        } catch (IllegalArgumentException e) {
            err.println("memoryctl: " + e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("memoryctl " + args.get(0) + ": " + e.getMessage());
            return 1;
        }
        try {
            var memory = MemoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
            var daemon = DaemonServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
            String agent = opts.getOrDefault("--agent", "");
            MessageOrBuilder result;
            switch (args.get(0)) {
                case "health" -> result = daemon.health(HealthRequest.getDefaultInstance());
                case "pool" -> result = daemon.rendererPool(RendererPoolRequest.getDefaultInstance());
                case "synthesize" -> {
                    SynthesizeResponse r = memory.synthesize(SynthesizeRequest.newBuilder().setAgentId(agent)
                            .setMaxTokens(Integer.parseInt(opts.getOrDefault("--max-tokens", "0"))).build());
                    if (!json) {
                        out.println(r.getContent());
                        return 0;
                    }
                    result = r;
                }
                case "reindex" -> result = memory.reindex(ReindexRequest.newBuilder().setAgentId(agent).build());
                case "remove-session" -> result = memory.removeSession(RemoveSessionRequest.newBuilder()
                        .setAgentId(agent).setSessionToken(opts.getOrDefault("--token", ""))
                        .setSessionId(opts.getOrDefault("--session-id", ""))
                        .setReason(opts.getOrDefault("--reason", "")).build());
                case "write-summary" -> {
                    String text = opts.containsKey("--file") ? Files.readString(Path.of(opts.get("--file")))
                            : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                    result = memory.writeArtifact(WriteArtifactRequest.newBuilder().setKind(ArtifactKind.SUMMARY)
                            .setAgentId(agent).setSessionId(opts.getOrDefault("--session-id", ""))
                            .setSessionKey(opts.getOrDefault("--session-key", ""))
                            .setProject(opts.getOrDefault("--project", ""))
                            .setHarness(opts.getOrDefault("--harness", ""))
                            .setCapturedAt(opts.getOrDefault("--captured-at", ""))
                            .setEndedAt(opts.getOrDefault("--ended-at", "")).setText(text).build());
                }
                case "purge-noise" -> result = memory.purgeNoise(PurgeNoiseRequest.newBuilder().setAgentId(agent)
                        .setReason(opts.getOrDefault("--reason", "")).build());
                default -> {
                    err.println("memoryctl: unknown command " + args.get(0));
                    err.print(USAGE);
                    return 2;
                }
            }
            out.println(json ? JsonFormat.printer().print(result) : result.toString().trim());
            return 0;
        } catch (StatusRuntimeException e) {
            err.println("memoryctl " + args.get(0) + ": " + e.getStatus().getCode() + ": " + e.getStatus().getDescription()
                    + " (" + where + ")");
            return 1;
        } catch (IOException | RuntimeException e) {
            err.println("memoryctl " + args.get(0) + ": " + e.getMessage());
            return 1;
        } finally {
            channel.shutdownNow();
            if (channels != null) {
                channels.close();
            }
        }
    }

    /**
     * A channel to the daemon's loopback port that sends the token of {@code runDir} with every call. Only
     * a loopback address is accepted: the daemon listens on nothing else, and the token must not travel.
     */
    private static ManagedChannel tcpChannel(String address, Path runDir) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("--tcp wants 127.0.0.1:PORT, got " + address);
        }
        if (!InetAddress.getByName(address.substring(0, colon)).isLoopbackAddress()) {
            throw new IllegalArgumentException("--tcp must name a loopback address (the daemon listens on "
                    + "127.0.0.1 only): " + address);
        }
        Metadata headers = new Metadata();
        headers.put(LoopbackToken.AUTHORIZATION, LoopbackToken.headerValue(LoopbackToken.read(runDir)));
        return NettyChannelBuilder.forTarget(address).usePlaintext()
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
    }
}
