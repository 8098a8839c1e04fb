package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;

/**
 * A polling request another node received for a session of this one, and forwarded over the event
 * bus ({@link PollForwarder}); the answer is the message's reply, which that node writes as its
 * HTTP response. The fields of both are named here.
 */
final class ForwardedPollExchange implements PollExchange {
  static final String METHOD = "method";
  static final String SID = "sid";
  static final String BODY = "body";
  /**
   * In a request: the forwarding node stopped reading a body over maxPayload, so none comes. In a
   * reply: refuse it as {@link PollExchange#refuseTooLarge()} does.
   */
  static final String TOO_LARGE = "tooLarge";
  static final String STATUS = "status";
  static final String CONTENT_TYPE = "contentType";

  private final Message<JsonObject> message;
  private boolean answered;

  ForwardedPollExchange(Message<JsonObject> message) {
    this.message = message;
  }

  String sid() {
    return message.body().getString(SID);
  }

  @Override
  public HttpMethod method() {
    return HttpMethod.valueOf(message.body().getString(METHOD));
  }

  @Override
  public Future<Buffer> body(int limit) {
    Buffer body = message.body().getBuffer(BODY, Buffer.buffer());
    if (message.body().getBoolean(TOO_LARGE, false) || body.length() > limit) {
      return Future.failedFuture(PayloadTooLarge.INSTANCE);
    }
    return Future.succeededFuture(body);
  }

  @Override
  public void respond(int status, String contentType, String body) {
    reply(new JsonObject().put(STATUS, status).put(CONTENT_TYPE, contentType).put(BODY, body));
  }

  @Override
  public void refuseTooLarge() {
    reply(new JsonObject().put(TOO_LARGE, true));
  }

  @Override
  public boolean answered() {
    return answered;
  }

  /**
   * Never told: the client's connection is on the other node. A long-poll it drops is answered
   * into the void, and the session ends at the ping timeout instead of at once.
   */
  @Override
  public void droppedHandler(Runnable handler) {
  }

  private void reply(JsonObject answer) {
    if (!answered) {
      answered = true;
      message.reply(answer);
    }
  }
}
