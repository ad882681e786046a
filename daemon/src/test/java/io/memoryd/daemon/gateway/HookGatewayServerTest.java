package io.memoryd.daemon.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.grpc.Status;
import io.memoryd.daemon.api.ApiErrors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The hook gateway over a real Unix socket: routes, the JSON mapping, every HTTP error and the limits. */
@Timeout(30)
class HookGatewayServerTest {

    @TempDir
    Path dir;
    GatewayFixture fixture;

    private GatewayFixture start(GatewayLimits limits) throws Exception {
        fixture = new GatewayFixture(dir, limits);
        return fixture;
    }

    private GatewayFixture start() throws Exception {
        return start(GatewayLimits.DEFAULTS);
    }

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private static JsonObject json(UnixHttpClient.Answer answer) {
        return JsonParser.parseString(answer.body()).getAsJsonObject();
    }

    private static String reason(JsonObject error) {
        return error.getAsJsonArray("details").get(0).getAsJsonObject().get("reason").getAsString();
    }

    @Test
    void synthesizeTakesAndAnswersTheProtobufJsonMappingOfTheGrpcMessages() throws Exception {
        GatewayFixture f = start();
        UnixHttpClient.Answer answer = UnixHttpClient.post(f.socket, "/v1/synthesize",
                "{\"agent_id\": \"alice\", \"maxTokens\": 1000, \"someFutureField\": 1}");
        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.headers().get("content-type").startsWith("application/json"));
        JsonObject body = json(answer);
        assertEquals("# Working Memory Summary\n\nfor alice", body.get("content").getAsString());
        assertEquals(3, body.get("fileCount").getAsInt());
        assertEquals(0, body.get("retries").getAsInt(), "fields at their default are printed too");
        assertEquals(1000, f.services.lastSynthesize.getMaxTokens());
    }

    @Test
    void anEmptyBodyIsTheEmptyRequest() throws Exception {
        GatewayFixture f = start();
        assertEquals(200, UnixHttpClient.post(f.socket, "/v1/synthesize", "").status());
        assertEquals("", f.services.lastSynthesize.getAgentId());
    }

    @Test
    void healthIsAGet() throws Exception {
        GatewayFixture f = start();
        UnixHttpClient.Answer answer = UnixHttpClient.get(f.socket, "/v1/health");
        assertEquals(200, answer.status());
        assertEquals("DAEMON_SERVING", json(answer).get("status").getAsString());
        assertEquals("42", json(answer).get("pid").getAsString());
    }

    @ParameterizedTest(name = "{0} answers {1}")
    @CsvSource({"INVALID_ARGUMENT, 400", "FAILED_PRECONDITION, 400", "NOT_FOUND, 404", "RESOURCE_EXHAUSTED, 429",
            "UNAVAILABLE, 503", "DEADLINE_EXCEEDED, 504", "INTERNAL, 500", "DATA_LOSS, 500", "CANCELLED, 499"})
    void aGrpcFailureAnswersItsHttpStatusWithCodeMessageAndDetails(Status.Code code, int http) throws Exception {
        GatewayFixture f = start();
        f.services.failure = ApiErrors.of(code, "SOME_REASON", "what went wrong for agent alice");
        UnixHttpClient.Answer answer = UnixHttpClient.post(f.socket, "/v1/synthesize", "{}");
        assertEquals(http, answer.status());
        JsonObject error = json(answer);
        assertEquals(code.value(), error.get("code").getAsInt());
        assertEquals(code.name(), error.get("status").getAsString());
        assertEquals("what went wrong for agent alice", error.get("message").getAsString());
        assertEquals("SOME_REASON", reason(error));
        assertEquals("memoryd.io", error.getAsJsonArray("details").get(0).getAsJsonObject().get("domain").getAsString());
    }

    @Test
    void anUnknownRouteIs404NamingTheRoutes() throws Exception {
        GatewayFixture f = start();
        UnixHttpClient.Answer answer = UnixHttpClient.post(f.socket, "/v1/nothing", "{}");
        assertEquals(404, answer.status());
        assertEquals("UNKNOWN_ROUTE", reason(json(answer)));
        assertTrue(json(answer).get("message").getAsString().contains("/v1/synthesize"));
    }

    @Test
    void aKnownRouteWithAnotherMethodIs405WithAllow() throws Exception {
        GatewayFixture f = start();
        UnixHttpClient.Answer answer = UnixHttpClient.get(f.socket, "/v1/synthesize");
        assertEquals(405, answer.status());
        assertEquals("POST", answer.headers().get("allow"));
        assertEquals("METHOD_NOT_ALLOWED", reason(json(answer)));
    }

    @Test
    void unparsableJsonIs400NamingTheProblem_andTheServiceIsNotCalled() throws Exception {
        GatewayFixture f = start();
        UnixHttpClient.Answer answer = UnixHttpClient.post(f.socket, "/v1/synthesize", "{\"agentId\": ");
        assertEquals(400, answer.status());
        assertEquals("INVALID_JSON", reason(json(answer)));
        assertTrue(json(answer).get("message").getAsString().contains("SynthesizeRequest"), answer.body());
        assertEquals(null, f.services.lastSynthesize);
    }

    @Test
    void aFieldOfTheWrongTypeIs400() throws Exception {
        GatewayFixture f = start();
        UnixHttpClient.Answer answer = UnixHttpClient.post(f.socket, "/v1/synthesize", "{\"maxTokens\": \"many\"}");
        assertEquals(400, answer.status());
        assertEquals("INVALID_JSON", reason(json(answer)));
    }

    @Test
    void aBodyOverTheLimitIs413AndTheConnectionCloses() throws Exception {
        GatewayFixture f = start(new GatewayLimits(1024, 16, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        try (UnixHttpClient client = new UnixHttpClient(f.socket)) {
            client.sendRaw(("POST /v1/synthesize HTTP/1.1\r\nHost: memoryd\r\nContent-Length: 5000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            UnixHttpClient.Answer answer = client.read();
            assertEquals(413, answer.status());
            assertEquals("BODY_TOO_LARGE", reason(json(answer)));
            assertTrue(client.closedByServer());
        }
        assertEquals(null, f.services.lastSynthesize);
    }

    @Test
    void somethingThatIsNotHttpIs400() throws Exception {
        GatewayFixture f = start();
        try (UnixHttpClient client = new UnixHttpClient(f.socket)) {
            client.sendRaw("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(400, client.read().status());
        }
    }

    @Test
    void oneConnectionServesRequestsInTurn() throws Exception {
        GatewayFixture f = start();
        try (UnixHttpClient client = new UnixHttpClient(f.socket)) {
            assertEquals(200, client.send("POST", "/v1/synthesize", "{\"agentId\":\"a\"}").status());
            assertEquals(404, client.send("POST", "/v1/none", "{}").status());
            UnixHttpClient.Answer third = client.send("POST", "/v1/synthesize", "{\"agentId\":\"b\"}");
            assertTrue(third.body().contains("for b"));
        }
    }

    @Test
    void theSocketIsTheUsersAlone() throws Exception {
        GatewayFixture f = start();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.socket,
                LinkOption.NOFOLLOW_LINKS)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.socket.getParent())));
    }

    @Test
    void aCallNotAnsweredWithinTheDeadlineIs504_andItsWorkIsCancelled() throws Exception {
        GatewayFixture f = start(new GatewayLimits(1024, 16, Duration.ofMillis(300), Duration.ofSeconds(10)));
        UnixHttpClient.Answer answer = UnixHttpClient.post(f.socket, "/v1/artifacts", "{}");
        assertEquals(504, answer.status());
        assertEquals("DEADLINE_PASSED", reason(json(answer)));
        assertTrue(f.services.writeCancelled.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aClientThatHangsUpCancelsItsCall() throws Exception {
        GatewayFixture f = start();
        try (UnixHttpClient client = new UnixHttpClient(f.socket)) {
            client.sendRaw(("POST /v1/artifacts HTTP/1.1\r\nHost: memoryd\r\nContent-Length: 2\r\n\r\n{}")
                    .getBytes(StandardCharsets.US_ASCII));
            assertTrue(f.services.writeStarted.await(10, TimeUnit.SECONDS));
        }
        assertTrue(f.services.writeCancelled.await(10, TimeUnit.SECONDS));
    }

    @Test
    void aConnectionPastTheLimitIsAnswered503() throws Exception {
        GatewayFixture f = start(new GatewayLimits(1024, 1, Duration.ofSeconds(10), Duration.ofSeconds(10)));
        try (UnixHttpClient first = new UnixHttpClient(f.socket)) {
            assertEquals(200, first.send("GET", "/v1/health", null).status());
            UnixHttpClient.Answer refused = UnixHttpClient.get(f.socket, "/v1/health");
            assertEquals(503, refused.status());
            assertEquals("TOO_MANY_CONNECTIONS", reason(json(refused)));
            assertEquals(200, first.send("GET", "/v1/health", null).status(), "the first connection still served");
        }
    }

    @Test
    void referenceSynthesisAnswersTheReferenceShape_agentFromTheBodyOrTheHeader() throws Exception {
        GatewayFixture f = start();
        JsonObject body = json(UnixHttpClient.post(f.socket, "/api/hooks/synthesis",
                "{\"agentId\":\"alice\",\"trigger\":\"manual\"}"));
        assertEquals("daemon", body.get("harness").getAsString());
        assertEquals("projection", body.get("model").getAsString());
        assertEquals("# Working Memory Summary\n\nfor alice", body.get("prompt").getAsString());
        assertEquals(3, body.get("fileCount").getAsInt());
        assertEquals("", body.get("indexBlock").getAsString());
        assertEquals(5, body.size());

        UnixHttpClient.post(f.socket, "/api/hooks/synthesis", "{}", "x-signet-agent-id: bob");
        assertEquals("bob", f.services.lastSynthesize.getAgentId());
        UnixHttpClient.post(f.socket, "/api/hooks/synthesis", "{\"agentId\":\"carol\"}", "x-signet-agent-id: bob");
        assertEquals("carol", f.services.lastSynthesize.getAgentId(), "the body wins over the header");
    }

    @Test
    void referenceSynthesisFailsInItsOwnShape() throws Exception {
        GatewayFixture f = start();
        f.services.failure = ApiErrors.of(Status.Code.UNAVAILABLE, "SHUTTING_DOWN", "memoryd is shutting down");
        UnixHttpClient.Answer answer = UnixHttpClient.post(f.socket, "/api/hooks/synthesis", "{}");
        assertEquals(503, answer.status());
        assertEquals("{\"error\":\"memoryd is shutting down\"}", answer.body().trim());
        assertEquals(400, UnixHttpClient.post(f.socket, "/api/hooks/synthesis", "[1,2]").status());
    }

    @Test
    void afterStopAcceptingTheSocketIsGone_andCloseEndsOpenConnections() throws Exception {
        GatewayFixture f = start();
        try (UnixHttpClient open = new UnixHttpClient(f.socket)) {
            assertEquals(200, open.send("GET", "/v1/health", null).status()); // accepted by now
            f.gateway.stopAccepting();
            assertFalse(Files.exists(f.socket, LinkOption.NOFOLLOW_LINKS));
            assertEquals(200, open.send("GET", "/v1/health", null).status(), "an open connection is still answered");
            f.gateway.close();
            assertTrue(open.closedByServer());
        }
    }
}
