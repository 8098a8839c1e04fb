package dev.switchboard.socketio;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import static dev.switchboard.socketio.ForwardedPollExchange.BODY;
import static dev.switchboard.socketio.ForwardedPollExchange.CONTENT_TYPE;
import static dev.switchboard.socketio.ForwardedPollExchange.METHOD;
import static dev.switchboard.socketio.ForwardedPollExchange.SID;
import static dev.switchboard.socketio.ForwardedPollExchange.STATUS;
import static dev.switchboard.socketio.ForwardedPollExchange.TOO_LARGE;

/**
 * Polling without sticky sessions: a polling request for a session this server does not hold goes
 * over the (clustered) event bus to the server whose tag the sid carries ({@link SessionIds}), and
 * its answer becomes the HTTP response here. Each server listens at {@code sb.eio.forward.<tag>}.
 * Where no server listens any more, or it does not know the sid, the client gets "Session ID
 * unknown". WebSocket upgrades are not forwarded.
 */
final class PollForwarder {
  private static final String ADDRESS_PREFIX = "sb.eio.forward.";

  private final Vertx vertx;
  private final int maxPayload;
  /**
   * The owner holds a long-poll until it has something to send, at the latest the next ping, which
   * is pingInterval after the last pong; pingTimeout on top is the margin.
   */
  private final DeliveryOptions delivery;
  private MessageConsumer<JsonObject> consumer;

  PollForwarder(Vertx vertx, SocketIoOptions options) {
    this.vertx = vertx;
    this.maxPayload = options.maxPayloadBytes();
    this.delivery = new DeliveryOptions().setSendTimeout(options.pingIntervalMs() + options.pingTimeoutMs());
  }

  /**
   * Receives what other servers forward to the one tagged tag; a second call changes nothing. It
   * listens as long as Vert.x runs, so that a draining node's clients still fetch their close
   * packets through the other nodes.
   */
  void listen(String tag, Handler<ForwardedPollExchange> handler) {
    if (consumer == null) {
      consumer = vertx.eventBus().consumer(address(tag), message -> handler.handle(new ForwardedPollExchange(message)));
    }
  }

  /** Sends a polling request for sid to the server tagged owner, and answers the client with its reply. */
  void forward(HttpServerRequest request, String sid, String owner) {
    var exchange = new HttpPollExchange(request);
    JsonObject forwarded = new JsonObject().put(METHOD, request.method().name()).put(SID, sid);
    if (request.method() == HttpMethod.GET) {
      send(exchange, owner, forwarded);
    } else if (request.method() == HttpMethod.POST) {
      exchange.body(maxPayload).onComplete(body -> sendWithBody(exchange, owner, forwarded, body));
    } else {
      EngineError.BAD_REQUEST.send(exchange);
    }
  }

  private void sendWithBody(HttpPollExchange exchange, String owner, JsonObject forwarded, AsyncResult<Buffer> body) {
    if (body.succeeded()) {
      send(exchange, owner, forwarded.put(BODY, body.result()));
    } else if (body.cause() instanceof PollExchange.PayloadTooLarge) {
      // the owner refuses it, and closes the session as it would for its own client
      send(exchange, owner, forwarded.put(TOO_LARGE, true));
    }
    // otherwise the client went away while sending: nothing to answer
  }

  private void send(HttpPollExchange exchange, String owner, JsonObject forwarded) {
    vertx.eventBus().<JsonObject>request(address(owner), forwarded, delivery)
      .onSuccess(reply -> answer(exchange, reply))
      .onFailure(unreachable -> EngineError.UNKNOWN_SID.send(exchange));
  }

  private static void answer(HttpPollExchange exchange, Message<JsonObject> reply) {
    JsonObject answer = reply.body();
    if (answer.getBoolean(TOO_LARGE, false)) {
      exchange.refuseTooLarge();
    } else {
      exchange.respond(answer.getInteger(STATUS), answer.getString(CONTENT_TYPE), answer.getString(BODY));
    }
  }

  private static String address(String tag) {
    return ADDRESS_PREFIX + tag;
  }
}
