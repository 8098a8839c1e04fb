package dev.switchboard.wsjson;

import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.CommandDoor;
import dev.switchboard.core.Gatekeeper;
import dev.switchboard.core.SessionHub;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.HttpAnswers;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.transport.RawWebSocket;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Seed 001's two plain WebSocket endpoints, {@code /ws/conversations/} and
 * {@code /ws/chat/{conversation_id}/}: one JSON object per message, with a {@code type}. A socket is
 * admitted by the {@link Gatekeeper} (the {@code token} query parameter, as seed 001 sends it), is a
 * session of the node's {@link SessionHub}, and reaches the domains through the {@link CommandDoor}.
 * <p>
 * A browser cannot read the status of a refused upgrade, so a refused token is told the way seed
 * 001's client reads it: the upgrade succeeds and the socket closes at once with 1008.
 */
public final class WsJsonGateway {
  /** The {@code switchboard_sessions} label of these sockets. */
  public static final String TRANSPORT = "wsjson";
  private static final String CONVERSATIONS_PATH = "/ws/conversations/?";
  private static final String CHAT_PATH = "/ws/chat/([^/]+)/?";
  /** RFC 6455's "try again later": a full node, or one over its connection rate. */
  private static final int TRY_AGAIN_LATER = 1013;
  /** RFC 6455's "service restart": the node drains, another one takes the client. */
  private static final int SERVICE_RESTART = 1012;
  /** A conversation that cannot be opened closes with 4000 plus its code's HTTP status (4403, 4404, ...). */
  private static final int REFUSED_BASE = 4000;
  /** A close frame's reason is at most 123 bytes of UTF-8 (RFC 6455, section 5.5). */
  private static final int MAX_CLOSE_REASON = 123;

  private final SessionHub hub;
  private final Gatekeeper gatekeeper;
  private final GatewayMetrics metrics;
  private final int maxFrameBytes;
  private final int maxMessageBytes;
  private final Endpoint conversations;
  private final Endpoint chat;

  public WsJsonGateway(SessionHub hub, Gatekeeper gatekeeper, CommandDoor door, GatewayMetrics metrics,
                       GatewayConfig config) {
    this.hub = hub;
    this.gatekeeper = gatekeeper;
    this.metrics = metrics;
    this.maxFrameBytes = config.maxFrameBytes();
    this.maxMessageBytes = config.maxMessageBytes();
    this.conversations = new ConversationsEndpoint(door);
    this.chat = new ChatEndpoint(door);
  }

  /** Serves both endpoints on the router. */
  public void mount(Router router) {
    router.getWithRegex(CONVERSATIONS_PATH).handler(this::conversations);
    router.getWithRegex(CHAT_PATH).handler(this::chat);
  }

  private void conversations(RoutingContext ctx) {
    upgrade(ctx, conversations, null);
  }

  private void chat(RoutingContext ctx) {
    upgrade(ctx, chat, ctx.pathParam("param0"));
  }

  private void upgrade(RoutingContext ctx, Endpoint endpoint, String conversationId) {
    if (!RawWebSocket.isUpgrade(ctx.request())) {
      GatewayException failure = ErrorCode.INVALID_DATA.exception("expected a WebSocket upgrade (HTTP/1.1, version 13)");
      refused(failure);
      HttpAnswers.failure(ctx.response(), failure);
      return;
    }
    hub.admit(true)
      .compose(admitted -> gatekeeper.admit(null, ctx.queryParams(), ctx.request().headers()))
      .onSuccess(token -> open(ctx, token, endpoint, conversationId))
      .onFailure(cause -> refuse(ctx, GatewayException.from(cause)));
  }

  /** Takes the upgrade only to close it with a code the client can read. */
  private void refuse(RoutingContext ctx, GatewayException failure) {
    refused(failure);
    RawWebSocket.accept(ctx.request(), maxMessageBytes, null).close(admissionCode(failure), closeReason(failure));
  }

  private static int admissionCode(GatewayException failure) {
    return switch (failure.code()) {
      case AUTH_REQUIRED, ACCESS_DENIED -> WsJsonSession.POLICY_VIOLATION;
      case NODE_DRAINING -> SERVICE_RESTART;
      default -> TRY_AGAIN_LATER;
    };
  }

  private void open(RoutingContext ctx, VerifiedToken token, Endpoint endpoint, String conversationId) {
    RawWebSocket socket = RawWebSocket.accept(ctx.request(), maxMessageBytes, null);
    var session = new WsJsonSession(UUID.randomUUID().toString(), token, socket, endpoint, metrics, System.currentTimeMillis());
    hub.open(session);
    socket.handler(data -> onData(session, data)).pingHandler(ping -> session.seen(System.currentTimeMillis()))
      .closeHandler(closed -> hub.closed(session));
    session.then(() -> endpoint.open(session, conversationId).onFailure(cause -> notOpened(session, GatewayException.from(cause))));
  }

  /** A conversation the socket may not open: an {@code error} event, then the close. */
  private void notOpened(WsJsonSession session, GatewayException failure) {
    fail(session, failure);
    session.refuse(refusedCode(failure), closeReason(failure));
  }

  /** The close of a chat socket whose conversation is refused: 4000 plus the HTTP status of the code. */
  static int refusedCode(GatewayException failure) {
    return REFUSED_BASE + failure.code().status();
  }

  /**
   * Events run one after the other, after the open, and a refused one takes its turn too: seed 001's
   * events carry no id to match an answer with, so the client knows which message an {@code error}
   * is about only by the order (the bridge's frames have reply addresses, and answer a frame that
   * cannot be parsed at once).
   */
  private void onData(WsJsonSession session, Buffer data) {
    session.seen(System.currentTimeMillis());
    session.then(() -> {
      if (!hub.isOpen(session)) {
        return Future.succeededFuture();
      }
      try {
        return dispatch(session, parse(data));
      } catch (GatewayException e) {
        fail(session, e);
        return Future.succeededFuture();
      }
    });
  }

  private JsonObject parse(Buffer data) {
    if (data.length() > maxFrameBytes) {
      throw ErrorCode.PAYLOAD_TOO_LARGE.exception("the message is larger than " + maxFrameBytes + " bytes");
    }
    Object parsed;
    try {
      parsed = data.toJsonValue();
    } catch (DecodeException e) {
      throw ErrorCode.INVALID_DATA.exception("the message is not JSON");
    }
    if (!(parsed instanceof JsonObject event) || !(event.getValue(Fiko.TYPE) instanceof String)) {
      throw ErrorCode.INVALID_DATA.exception("a message is a JSON object with a string 'type'");
    }
    return event;
  }

  private Future<Void> dispatch(WsJsonSession session, JsonObject event) {
    return session.endpoint().handle(session, event.getString(Fiko.TYPE), event)
      .onFailure(cause -> fail(session, GatewayException.from(cause)))
      .otherwiseEmpty();
  }

  private void fail(WsJsonSession session, GatewayException failure) {
    refused(failure);
    session.write(Fiko.error(failure).encode());
  }

  private void refused(GatewayException failure) {
    metrics.refused(failure.code());
  }

  /** {@code CODE: text}, cut to what a close frame holds. */
  static String closeReason(GatewayException failure) {
    String reason = failure.wireMessage();
    while (reason.getBytes(StandardCharsets.UTF_8).length > MAX_CLOSE_REASON) {
      reason = reason.substring(0, reason.length() - 1);
    }
    return reason;
  }
}
