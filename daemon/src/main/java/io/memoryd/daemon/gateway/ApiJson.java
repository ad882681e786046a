package io.memoryd.daemon.gateway;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.util.JsonFormat;
import com.google.rpc.ErrorInfo;
import io.grpc.Status;
import io.grpc.protobuf.StatusProto;
import io.memoryd.daemon.api.ApiErrors;

/**
 * The gateway's JSON: requests and answers are the protobuf JSON mapping of the gRPC API's own messages
 * (unknown fields ignored, as the binary protocol ignores them; every field printed, defaults included, so
 * a reader never has to know proto3's defaults), and a failure is {@code {"code", "status", "message",
 * "details"}}: google.rpc.Status's JSON with the code's name added. Stateless and thread-safe.
 */
public final class ApiJson {

    private final JsonFormat.Parser parser = JsonFormat.parser().ignoringUnknownFields();
    private final JsonFormat.Printer printer = JsonFormat.printer().alwaysPrintFieldsWithNoPresence();
    private final JsonFormat.Printer detailPrinter = JsonFormat.printer()
            .usingTypeRegistry(JsonFormat.TypeRegistry.newBuilder().add(ErrorInfo.getDescriptor()).build());

    /**
     * Merges the JSON {@code body} into {@code builder}; an empty body is the empty message.
     *
     * @throws io.grpc.StatusRuntimeException INVALID_ARGUMENT ({@code INVALID_JSON}) naming the problem
     */
    public <B extends Message.Builder> B parse(String body, B builder) {
        if (body.isBlank()) {
            return builder;
        }
        try {
            parser.merge(body, builder);
            return builder;
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            throw ApiErrors.of(Status.Code.INVALID_ARGUMENT, "INVALID_JSON", "the request body is not a JSON "
                    + builder.getDescriptorForType().getName() + ": " + e.getMessage());
        }
    }

    /** The JSON of an answer message. */
    public String print(Message message) {
        try {
            return printer.print(message);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getName(), e);
        }
    }

    /** The HTTP answer of a failure: the status its gRPC code maps to and the body described above. */
    public HttpAnswer failure(Throwable t) {
        com.google.rpc.Status status = StatusProto.fromThrowable(t);
        if (status == null) {
            Status grpc = Status.fromThrowable(t);
            String message = grpc.getDescription() != null ? grpc.getDescription()
                    : grpc.getCode() == Status.Code.UNKNOWN ? "internal error: " + t : grpc.getCode().name();
            Status.Code code = grpc.getCode() == Status.Code.UNKNOWN ? Status.Code.INTERNAL : grpc.getCode();
            status = com.google.rpc.Status.newBuilder().setCode(code.value()).setMessage(message).build();
        }
        Status.Code code = Status.fromCodeValue(status.getCode()).getCode();
        JsonObject body = new JsonObject();
        body.addProperty("code", status.getCode());
        body.addProperty("status", code.name());
        body.addProperty("message", status.getMessage());
        JsonArray details = new JsonArray();
        for (Any detail : status.getDetailsList()) {
            try {
                details.add(JsonParser.parseString(detailPrinter.print(detail)));
            } catch (InvalidProtocolBufferException e) {
                // a detail of a type the registry does not know: left out rather than failing the answer
            }
        }
        body.add("details", details);
        return HttpAnswer.json(HttpStatuses.of(code), body.toString());
    }

    /** A failure the gateway itself decides (unknown route, wrong method, body too large). */
    public HttpAnswer failure(Status.Code code, String reason, String message) {
        return failure(ApiErrors.of(code, reason, message));
    }
}
