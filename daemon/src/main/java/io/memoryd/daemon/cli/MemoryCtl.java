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
import io.memoryd.daemon.cli.doctor.DoctorCommand;
import io.memoryd.daemon.cli.hooks.HooksCommand;
import io.memoryd.daemon.cli.ops.ReadableStatus;
import io.memoryd.daemon.cli.ops.TopCommand;
import io.memoryd.daemon.cli.service.ServiceCommand;
import io.memoryd.daemon.supervisor.PoolConfig;
import io.memoryd.memory.workspace.WorkspaceRoots;
import io.memoryd.process.cli.CommandArgs;
import io.memoryd.process.cli.CommandRunner;
import io.memoryd.process.cli.CommandSet;
import io.memoryd.process.cli.OptionSpec;
import io.memoryd.process.cli.UsageException;
import io.memoryd.proto.v1.ArtifactKind;
import io.memoryd.proto.v1.DaemonServiceGrpc;
import io.memoryd.proto.v1.GetHeadRequest;
import io.memoryd.proto.v1.GetHeadResponse;
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
import java.time.Clock;
import java.util.List;
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
              synthesize --write [--agent A]            render and write it as the agent's MEMORY.md now
                                                        (prints written/unchanged, path, revision; busy: exit 1)
              head [--agent A]                          MEMORY.md path, revision, updated time and lease
              reindex [--agent A]                       index pass (all agents without --agent)
              remove-session [--agent A] (--token T | --session-id S) --reason R
              write-summary [--agent A] --session-id S --captured-at ISO [--project P] [--harness H]
                            [--session-key K] [--ended-at ISO] [--file F]   (text from --file, else stdin)
              purge-noise [--agent A] [--reason R]
              hooks install|uninstall|status claude-code [--agent A] [--settings FILE]
                                                        memoryd's hooks in Claude Code's settings (hooks --help)
              doctor                                    diagnose the workspace and its daemon (doctor --help)
              service install|uninstall|status          memoryd as a systemd user service (service --help)
              top                                       a live view of the pool (q quits; top --help)

            Talks to the daemon's Unix socket (default <run dir of the workspace>/daemon.sock), or with --tcp to
            its loopback TCP port, sending the token from <run dir>/tcp.token (the daemon's --tcp-port).
            Options may come before or after the command, as "--name value" or "--name=value"; --help prints
            this, --version "memoryd <version>". Exit codes: 0 on success; 1 when the call fails (the status and
            the daemon's address on stderr); 2 for a bad command line (named on stderr, then this text).
            """;

    /** The options every command accepts, then each command's own. */
    static final CommandSet SYNTAX = CommandSet.withGlobal(OptionSpec.none().valued("--home", "--socket", "--tcp")
                    .flags("--json"))
            .command("health", OptionSpec.none())
            .command("pool", OptionSpec.none())
            .command("synthesize", OptionSpec.none().valued("--agent", "--max-tokens").flags("--write"))
            .command("head", OptionSpec.none().valued("--agent"))
            .command("reindex", OptionSpec.none().valued("--agent"))
            .command("remove-session", OptionSpec.none().valued("--agent", "--token", "--session-id", "--reason"))
            .command("write-summary", OptionSpec.none().valued("--agent", "--session-id", "--captured-at",
                    "--project", "--harness", "--session-key", "--ended-at", "--file"))
            .command("purge-noise", OptionSpec.none().valued("--agent", "--reason"))
            .command(HooksCommand.NAME, HooksCommand.options())
            .command(DoctorCommand.NAME, DoctorCommand.options())
            .command(ServiceCommand.NAME, ServiceCommand.options())
            .command(TopCommand.NAME, OptionSpec.none());

    private static final CommandRunner CLI = new CommandRunner("memoryctl", SYNTAX, MemoryCtl::usage,
            MemoryCtl.class);

    private MemoryCtl() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), new PrintStream(System.out, true, StandardCharsets.UTF_8), System.err));
    }

    /** The usage text of {@code command}: its own for commands that have one, else memoryctl's. */
    private static String usage(String command) {
        return switch (command == null ? "" : command) {
            case HooksCommand.NAME -> HooksCommand.USAGE;
            case DoctorCommand.NAME -> DoctorCommand.USAGE;
            case ServiceCommand.NAME -> ServiceCommand.USAGE;
            case TopCommand.NAME -> TopCommand.USAGE;
            default -> USAGE;
        };
    }

    static int run(List<String> args, PrintStream out, PrintStream err) {
        return CLI.run(args, out, err, MemoryCtl::call);
    }

    private static int call(CommandArgs a, PrintStream out, PrintStream err) throws IOException {
        String command = a.command();
        if (command == null) {
            throw new UsageException("name a command: " + String.join(", ", SYNTAX.names()));
        }
        if (command.equals(HooksCommand.NAME)) {
            return new HooksCommand(System.getenv(), System.getProperty("user.home"), Clock.systemUTC())
                    .run(a, out, err);
        }
        if (command.equals(DoctorCommand.NAME)) {
            return DoctorCommand.forThisProcess().run(a, out, err);
        }
        if (command.equals(ServiceCommand.NAME)) {
            return ServiceCommand.forThisProcess().run(a, out, err);
        }
        if (a.has("--socket") && a.has("--tcp")) {
            throw new UsageException("--socket and --tcp exclude each other", command);
        }
        Path runDir = RunDirectory.choose(WorkspaceRoots.resolve(a.get("--home", null), System.getenv(),
                System.getProperty("user.home")));
        Path socket = Path.of(a.get("--socket", runDir.resolve("daemon.sock").toString()));
        String tcp = a.get("--tcp", null);
        String where = tcp == null ? "socket " + socket : "tcp " + tcp;
        UnixSocketChannels channels = null;
        ManagedChannel channel;
        if (tcp == null) {
            channels = new UnixSocketChannels(NativeTransport.forThisPlatform(), 1);
            channel = channels.builder(socket).build();
        } else {
            channel = tcpChannel(tcp, runDir, command);
        }
        try {
            MessageOrBuilder result = command.equals(TopCommand.NAME) ? TopCommand.show(channel, where, a, out)
                    : call(command, a, channel, out);
            if (result != null) {
                out.println(a.has("--json") ? JsonFormat.printer().print(result) : result.toString().trim());
            }
            return 0;
        } catch (StatusRuntimeException e) {
            err.println("memoryctl " + command + ": " + e.getStatus().getCode() + ": "
                    + e.getStatus().getDescription() + " (" + where + ")");
            return 1;
        } finally {
            channel.shutdownNow();
            if (channels != null) {
                channels.close();
            }
        }
    }

    /** Makes the call; returns what to print, or null when it printed the result itself. */
    private static MessageOrBuilder call(String command, CommandArgs a, ManagedChannel channel, PrintStream out)
            throws IOException {
        var memory = MemoryServiceGrpc.newBlockingStub(channel).withDeadlineAfter(120, TimeUnit.SECONDS);
        var daemon = DaemonServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        return switch (command) {
            case "health" -> ReadableStatus.health(daemon.health(HealthRequest.getDefaultInstance()),
                    a.has("--json"), out);
            case "pool" -> ReadableStatus.pool(daemon.rendererPool(RendererPoolRequest.getDefaultInstance()),
                    a.has("--json"), out);
            case "synthesize" -> {
                // A first synthesize of a big cold workspace indexes it first; the pool waits for a render that
                // makes progress up to its progress limit, and so does this caller, rather than give up meanwhile.
                SynthesizeRequest request = SynthesizeRequest.newBuilder().setAgentId(a.get("--agent", ""))
                        .setMaxTokens(a.getInt("--max-tokens", 0, 0)).setWriteHead(a.has("--write")).build();
                SynthesizeResponse r = memory.withDeadlineAfter(
                        PoolConfig.DEFAULT_PROGRESS_LIMIT.plusMinutes(1).toSeconds(), TimeUnit.SECONDS).synthesize(request);
                if (a.has("--json")) {
                    yield r;
                }
                if (a.has("--write")) {
                    HeadCommand.printWrite(r.getHead(), out);
                } else {
                    out.println(r.getContent());
                }
                yield null;
            }
            case "head" -> {
                GetHeadResponse r = memory.getHead(GetHeadRequest.newBuilder().setAgentId(a.get("--agent", "")).build());
                if (a.has("--json")) {
                    yield r;
                }
                HeadCommand.printState(r, out);
                yield null;
            }
            case "reindex" -> memory.reindex(ReindexRequest.newBuilder().setAgentId(a.get("--agent", "")).build());
            case "remove-session" -> memory.removeSession(RemoveSessionRequest.newBuilder()
                    .setAgentId(a.get("--agent", "")).setSessionToken(a.get("--token", ""))
                    .setSessionId(a.get("--session-id", "")).setReason(a.get("--reason", "")).build());
            case "write-summary" -> {
                String text = a.has("--file") ? Files.readString(Path.of(a.get("--file", null)))
                        : new String(System.in.readAllBytes(), StandardCharsets.UTF_8);
                yield memory.writeArtifact(WriteArtifactRequest.newBuilder().setKind(ArtifactKind.SUMMARY)
                        .setAgentId(a.get("--agent", "")).setSessionId(a.get("--session-id", ""))
                        .setSessionKey(a.get("--session-key", "")).setProject(a.get("--project", ""))
                        .setHarness(a.get("--harness", "")).setCapturedAt(a.get("--captured-at", ""))
                        .setEndedAt(a.get("--ended-at", "")).setText(text).build());
            }
            case "purge-noise" -> memory.purgeNoise(PurgeNoiseRequest.newBuilder().setAgentId(a.get("--agent", ""))
                    .setReason(a.get("--reason", "")).build());
            default -> throw new IllegalStateException("command " + command + " is declared but not handled");
        };
    }

    /**
     * A channel to the daemon's loopback port that sends the token of {@code runDir} with every call. Only
     * a loopback address is accepted: the daemon listens on nothing else, and the token must not travel.
     */
    private static ManagedChannel tcpChannel(String address, Path runDir, String command) throws IOException {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new UsageException("--tcp wants 127.0.0.1:PORT, got " + address, command);
        }
        if (!InetAddress.getByName(address.substring(0, colon)).isLoopbackAddress()) {
            throw new UsageException("--tcp must name a loopback address (the daemon listens on "
                    + "127.0.0.1 only): " + address, command);
        }
        Metadata headers = new Metadata();
        headers.put(LoopbackToken.AUTHORIZATION, LoopbackToken.headerValue(LoopbackToken.read(runDir)));
        return NettyChannelBuilder.forTarget(address).usePlaintext()
                .intercept(MetadataUtils.newAttachHeadersInterceptor(headers)).build();
    }
}
