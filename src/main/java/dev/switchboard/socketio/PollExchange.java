package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

/**
 * One polling request as {@link PollingTransport} sees it, wherever it arrived: on this node's
 * HTTP server ({@link HttpPollExchange}) or forwarded by another node ({@link ForwardedPollExchange}).
 */
interface PollExchange {
  HttpMethod method();

  /** The whole body; fails with {@link PayloadTooLarge} past limit bytes. */
  Future<Buffer> body(int limit);

  /** Answers once. */
  void respond(int status, String contentType, String body);

  /** Answers 413 and gives up the connection the rest of the body would come on. */
  void refuseTooLarge();

  /** Whether it is answered, or can no longer be. */
  boolean answered();

  /** Told if the client goes away before the answer. */
  void droppedHandler(Runnable handler);

  /** A body over the limit. */
  final class PayloadTooLarge extends RuntimeException {
    static final PayloadTooLarge INSTANCE = new PayloadTooLarge();

    private PayloadTooLarge() {
      super("payload too large", null, false, false);
    }
  }
}
