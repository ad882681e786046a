package io.memoryd.daemon.gateway;

import io.grpc.Context;
import io.grpc.Status;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of one gateway connection, one at a time: reading pauses while a request is being
 * answered, so a client that pipelines cannot make the daemon buffer. Each request runs in a gRPC
 * {@link Context} with the gateway's deadline, which the daemon's work queues honour; the context is
 * cancelled when the connection closes, so queued work of a client that hung up is dropped. Confined to
 * the connection's event loop.
 */
final class GatewayHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final Logger log = LoggerFactory.getLogger(GatewayHandler.class);

    private final Function<HttpCall, CompletableFuture<HttpAnswer>> routes;
    private final ApiJson json;
    private final Duration deadline;
    /** The request being answered, or null; event-loop confined. */
    private Context.CancellableContext current;

    GatewayHandler(Function<HttpCall, CompletableFuture<HttpAnswer>> routes, ApiJson json, Duration deadline) {
        this.routes = routes;
        this.json = json;
        this.deadline = deadline;
    }

    /** Routes that answer every request 503: a connection past the gateway's connection limit. */
    static Function<HttpCall, CompletableFuture<HttpAnswer>> refusingAll(ApiJson json, int maxConnections) {
        return call -> CompletableFuture.completedFuture(json.failure(Status.Code.UNAVAILABLE, "TOO_MANY_CONNECTIONS",
                "the hook gateway has " + maxConnections + " connections open already; retry later")
                .withHeader("Connection", "close"));
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        if (request.decoderResult().isFailure()) {
            write(ctx, json.failure(Status.Code.INVALID_ARGUMENT, "BAD_REQUEST",
                    "not an HTTP/1.1 request: " + request.decoderResult().cause()), false);
            return;
        }
        HttpCall call = new HttpCall(request.method(), new QueryStringDecoder(request.uri()).path(),
                request.headers().copy(), ByteBufUtil.getBytes(request.content()));
        ctx.channel().config().setAutoRead(false);
        Context.CancellableContext context = Context.current().withDeadlineAfter(deadline.toMillis(),
                TimeUnit.MILLISECONDS, ctx.executor());
        current = context;
        CompletableFuture<HttpAnswer> answer;
        try {
            answer = context.call(() -> routes.apply(call));
        } catch (Exception e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.orTimeout(deadline.toMillis(), TimeUnit.MILLISECONDS).whenComplete((a, t) -> ctx.executor().execute(() -> {
            context.cancel(null);
            if (current == context) {
                current = null;
            }
            if (!ctx.channel().isActive()) {
                return;
            }
            HttpAnswer sent = t == null ? a : failure(call, t);
            boolean close = !keepAlive || "close".equals(sent.headers().get("Connection"));
            write(ctx, sent, !close);
            ctx.channel().config().setAutoRead(true);
        }));
    }

    private HttpAnswer failure(HttpCall call, Throwable t) {
        Throwable cause = t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
        if (cause instanceof TimeoutException) {
            return json.failure(Status.Code.DEADLINE_EXCEEDED, "DEADLINE_PASSED", call.method() + " " + call.path()
                    + " was not answered within the hook gateway's " + deadline.toMillis() + " ms");
        }
        if (Status.fromThrowable(cause).getCode() == Status.Code.UNKNOWN) {
            log.warn("hook gateway: {} {} failed: {}", call.method(), call.path(), cause.toString(), cause);
        }
        return json.failure(cause);
    }

    private static void write(ChannelHandlerContext ctx, HttpAnswer answer, boolean keepAlive) {
        FullHttpResponse response = new DefaultFullHttpResponse(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(answer.status()), Unpooled.wrappedBuffer(answer.body()));
        if (answer.contentType() != null) {
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType());
        }
        for (Map.Entry<String, String> header : answer.headers().entrySet()) {
            response.headers().set(header.getKey(), header.getValue());
        }
        response.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length);
        if (keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(response);
        } else {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent && current == null) {
            ctx.close(); // idle between requests; a request being answered has its own deadline
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (current != null) {
            current.cancel(null); // the client hung up: its queued work need not run
            current = null;
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("hook gateway connection closed after {}", cause.toString());
        ctx.close();
    }
}
