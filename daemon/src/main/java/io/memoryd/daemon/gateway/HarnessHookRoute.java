package io.memoryd.daemon.gateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.memoryd.daemon.api.ApiErrors;
import io.memoryd.daemon.api.ApiWorkQueue;
import io.memoryd.daemon.hooks.CaptureOutcome;
import io.memoryd.daemon.hooks.CaptureRequest;
import io.memoryd.daemon.hooks.GenericHookInput;
import io.memoryd.daemon.hooks.HookInputException;
import io.memoryd.daemon.hooks.SessionCapture;
import io.memoryd.daemon.head.SessionEvents;
import io.memoryd.daemon.hooks.claude.ClaudeHookInput;
import io.memoryd.memory.workspace.AgentId;
import io.memoryd.memory.workspace.InvalidAgentIdException;
import io.memoryd.proto.v1.SynthesizeRequest;
import io.memoryd.proto.v1.SynthesizeResponse;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The harness adapters, {@code POST /v1/hooks/{harness}/{event}}: the body is the harness's own hook
 * input, verbatim (a hook command pipes its stdin), and the answer is what that harness expects on the
 * hook's stdout. The agent is the {@code X-Memoryd-Agent} header's, else {@code default}.
 * <ul>
 *   <li>{@code claude-code}: {@code session-start} answers the agent's projection as
 *       {@code hookSpecificOutput.additionalContext} (after a compaction, {@code source: "compact"}, the
 *       compaction summary is captured too, after the answer); {@code session-end} captures the session
 *       (transcript and summary) and answers what it wrote; {@code user-prompt-submit} and
 *       {@code pre-compact} answer 204 with nothing.</li>
 *   <li>{@code generic}: {@code session-start} answers the projection as Markdown; {@code session-end}
 *       captures {@code {session_id, cwd, harness, transcript_text | transcript_path}}.</li>
 * </ul>
 * Malformed hook input is 400 with nothing written. A capture runs on the daemon's bounded write queue and
 * is not tied to the caller's connection: a hook that gives up waiting does not lose its session.
 */
public final class HarnessHookRoute implements Route {

    public static final String PREFIX = "/v1/hooks/";
    public static final String AGENT_HEADER = "x-memoryd-agent";
    private static final Logger log = LoggerFactory.getLogger(HarnessHookRoute.class);

    private final ApiRoutes api;
    private final SessionCapture capture;
    private final ApiWorkQueue writes;
    private final SessionEvents sessions;

    public HarnessHookRoute(ApiRoutes api, SessionCapture capture, ApiWorkQueue writes) {
        this(api, capture, writes, SessionEvents.NONE);
    }

    /** @param sessions told of session starts, ends and captured compactions (the head scheduler) */
    public HarnessHookRoute(ApiRoutes api, SessionCapture capture, ApiWorkQueue writes, SessionEvents sessions) {
        this.api = api;
        this.capture = capture;
        this.writes = writes;
        this.sessions = sessions;
    }

    @Override
    public CompletableFuture<HttpAnswer> answer(HttpCall call) {
        String[] parts = call.path().substring(PREFIX.length()).split("/", -1);
        if (parts.length != 2) {
            throw unknown(call, "a hook path is " + PREFIX + "{harness}/{event}");
        }
        AgentId agent = agent(call);
        try {
            return switch (parts[0]) {
                case "claude-code" -> claudeCode(parts[1], ClaudeHookInput.parse(call.bodyText()), agent, call);
                case "generic" -> generic(parts[1], GenericHookInput.parse(call.bodyText()), agent, call);
                default -> throw unknown(call, "no adapter for harness \"" + parts[0]
                        + "\" (adapters: claude-code, generic)");
            };
        } catch (HookInputException e) {
            throw ApiErrors.of(Status.Code.INVALID_ARGUMENT, "INVALID_HOOK_INPUT",
                    parts[0] + " " + parts[1] + " hook input: " + e.getMessage());
        }
    }

    private CompletableFuture<HttpAnswer> claudeCode(String event, ClaudeHookInput input, AgentId agent,
            HttpCall call) {
        CaptureRequest request = input.captureRequest(agent);
        return switch (event) {
            case "session-start" -> {
                sessions.sessionStarted(agent, input.sessionId());
                if (input.afterCompaction()) {
                    detached("compaction capture of session " + input.sessionId() + " for agent " + agent, () -> {
                        CaptureOutcome outcome = capture.captureCompaction(request);
                        sessions.compacted(agent);
                        return outcome;
                    });
                }
                yield projection(agent).thenApply(r -> {
                    JsonObject output = new JsonObject();
                    output.addProperty("hookEventName", "SessionStart");
                    output.addProperty("additionalContext", r.getContent());
                    JsonObject answer = new JsonObject();
                    answer.add("hookSpecificOutput", output);
                    return HttpAnswer.json(200, answer.toString());
                });
            }
            case "session-end" -> captured("capture of session " + input.sessionId() + " for agent " + agent,
                    () -> ended(agent, input.sessionId(), capture.captureEnd(request)));
            case "user-prompt-submit", "pre-compact" -> CompletableFuture.completedFuture(HttpAnswer.noContent());
            default -> throw unknown(call, "claude-code has no event \"" + event
                    + "\" (events: session-start, session-end, user-prompt-submit, pre-compact)");
        };
    }

    private CompletableFuture<HttpAnswer> generic(String event, GenericHookInput input, AgentId agent,
            HttpCall call) {
        return switch (event) {
            case "session-start" -> {
                sessions.sessionStarted(agent, input.sessionId());
                yield projection(agent).thenApply(r -> HttpAnswer.text(200, r.getContent()));
            }
            case "session-end" -> captured("capture of session " + input.sessionId() + " for agent " + agent,
                    () -> ended(agent, input.sessionId(), capture.captureEnd(input.captureRequest(agent))));
            default -> throw unknown(call, "generic has no event \"" + event
                    + "\" (events: session-start, session-end)");
        };
    }

    /** Tells the scheduler of a session end once its capture is written (so the next render sees it). */
    private CaptureOutcome ended(AgentId agent, String sessionId, CaptureOutcome outcome) {
        sessions.sessionEnded(agent, sessionId);
        return outcome;
    }

    private CompletableFuture<SynthesizeResponse> projection(AgentId agent) {
        return api.synthesize(SynthesizeRequest.newBuilder().setAgentId(agent.value()).build());
    }

    /** Runs a capture on the write queue, detached from the caller's context, and answers what it wrote. */
    private CompletableFuture<HttpAnswer> captured(String what, Supplier<CaptureOutcome> work) {
        CompletableFuture<HttpAnswer> answer = new CompletableFuture<>();
        Context.ROOT.run(() -> writes.submit(what, () -> {
            try {
                answer.complete(HttpAnswer.json(200, outcome(work.get()).toString()));
            } catch (RuntimeException e) {
                answer.completeExceptionally(ApiErrors.writeFailure(what, e));
            }
        }, answer::completeExceptionally));
        return answer;
    }

    /** Runs work on the write queue after the answer; its failure is only logged. */
    private void detached(String what, Supplier<CaptureOutcome> work) {
        Context.ROOT.run(() -> writes.submit(what, () -> {
            try {
                CaptureOutcome outcome = work.get();
                log.info("{}: {}", what, outcome);
            } catch (RuntimeException e) {
                log.warn("{} failed: {}", what, e.toString());
            }
        }, refused -> log.warn("{} refused: {}", what, refused.getStatus().getDescription())));
    }

    private static JsonObject outcome(CaptureOutcome outcome) {
        JsonObject body = new JsonObject();
        body.addProperty("segment", outcome.segment());
        body.addProperty("nothingNew", outcome.nothingNew());
        body.addProperty("summaryQueued", outcome.summaryQueued());
        JsonArray written = new JsonArray();
        outcome.writtenPaths().forEach(written::add);
        body.add("written", written);
        JsonArray skipped = new JsonArray();
        outcome.skipped().forEach(skipped::add);
        body.add("skipped", skipped);
        return body;
    }

    private static AgentId agent(HttpCall call) {
        String raw = call.header(AGENT_HEADER, AgentId.DEFAULT.value());
        try {
            return AgentId.parse(raw);
        } catch (InvalidAgentIdException e) {
            throw ApiErrors.invalidField(AGENT_HEADER, e.getMessage());
        }
    }

    private static StatusRuntimeException unknown(HttpCall call, String message) {
        return ApiErrors.of(Status.Code.NOT_FOUND, "UNKNOWN_ROUTE", call.path() + ": " + message);
    }
}
