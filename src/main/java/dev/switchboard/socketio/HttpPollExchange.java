package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/** A polling request on this node's HTTP server. */
final class HttpPollExchange implements PollExchange {
  private static final int PAYLOAD_TOO_LARGE = 413;
  /** More digits than any int has: no need to parse it to know it is too large. */
  private static final int MAX_LENGTH_DIGITS = 10;

  private final HttpServerRequest request;

  HttpPollExchange(HttpServerRequest request) {
    this.request = request;
  }

  @Override
  public HttpMethod method() {
    return request.method();
  }

  @Override
  public Future<Buffer> body(int limit) {
    String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (declared != null && (declared.length() > MAX_LENGTH_DIGITS || Long.parseLong(declared) > limit)) {
      return Future.failedFuture(PayloadTooLarge.INSTANCE);
    }
    Promise<Buffer> body = Promise.promise();
    Buffer read = Buffer.buffer();
    request.handler(chunk -> {
      if (read.length() + chunk.length() > limit) {
        body.tryFail(PayloadTooLarge.INSTANCE);
      } else if (!body.future().isComplete()) {
        read.appendBuffer(chunk);
      }
    });
    request.endHandler(v -> body.tryComplete(read));
    request.exceptionHandler(body::tryFail);
    request.resume();
    return body.future();
  }

  @Override
  public void respond(int status, String contentType, String body) {
    if (!answered()) {
      request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
    }
  }

  @Override
  public void refuseTooLarge() {
    if (!answered()) {
      // the rest of the body is not read, so the connection goes with it; saying so keeps a client
      // from sending its next request into the close
      request.response().setStatusCode(PAYLOAD_TOO_LARGE).putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end()
        .onComplete(done -> request.connection().close());
    }
  }

  @Override
  public boolean answered() {
    HttpServerResponse response = request.response();
    return response.ended() || response.closed();
  }

  @Override
  public void droppedHandler(Runnable handler) {
    request.response().closeHandler(v -> handler.run());
  }
}
