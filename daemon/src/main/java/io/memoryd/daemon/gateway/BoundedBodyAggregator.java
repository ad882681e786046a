package io.memoryd.daemon.gateway;

import io.grpc.Status;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;

/**
 * Collects a request's body up to the gateway's limit. A larger body (announced by Content-Length, or
 * found while reading a chunked one) is answered 413 with the gateway's JSON error, and the connection is
 * closed, since the rest of the body would otherwise be read as the next request.
 */
final class BoundedBodyAggregator extends HttpObjectAggregator {

    private final int maxBodyBytes;
    private final ApiJson json;

    BoundedBodyAggregator(int maxBodyBytes, ApiJson json) {
        super(maxBodyBytes);
        this.maxBodyBytes = maxBodyBytes;
        this.json = json;
    }

    @Override
    protected void handleOversizedMessage(ChannelHandlerContext ctx, HttpMessage oversized) {
        HttpAnswer answer = json.failure(Status.Code.RESOURCE_EXHAUSTED, "BODY_TOO_LARGE",
                "the request body is larger than the hook gateway's limit of " + maxBodyBytes + " bytes")
                .withStatus(413);
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(413), Unpooled.wrappedBuffer(answer.body()));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, answer.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, answer.body().length)
                .set(HttpHeaderNames.CONNECTION, "close");
        ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
    }
}
