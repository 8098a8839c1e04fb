package dev.switchboard.transport;

import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.rooms.RoomRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event-bus bridge over SockJS (and SockJS's raw WebSocket endpoint): authenticates the
 * connection, reads client frames, forwards {@code send}/{@code publish} to the domain's
 * node-local handlers with the caller's principal, and turns {@code register} into a room
 * membership in the node's {@link RoomRegistry} once the domain allows it.
 * <p>
 * Unlike the stock bridge it creates no event-bus consumer per socket.
 */
public final class BridgeTransport {
  private static final String TOKEN = "sb.token";
  /** SockJS's raw WebSocket path, served here without SockJS (see {@link RawWebSocket}). */
  private static final String RAW_WEBSOCKET = "/websocket";
  /** SockJS's WebSocket transport, {@code /{server}/{session}/websocket}, served here (see {@link SockJsWebSocket}). */
  private static final String SOCKJS_WEBSOCKET = "/[^/.]+/[^/.]+/websocket";
  /** {@code .../{server}/{session}/{transport}}: a request that belongs to an existing SockJS session. */
  private static final Pattern SOCKJS_SESSION =
    Pattern.compile(".*/[^/.]+/([^/.]+)/(xhr|xhr_send|xhr_streaming|eventsource|htmlfile|jsonp|jsonp_send|websocket)$");

  private final Vertx vertx;
  private final RoomRegistry rooms;
  private final TokenVerifier tokens;
  private final GatewayMetrics metrics;
  private final int maxFrameBytes;
  private final int maxMessageBytes;
  private final long pingTimeoutMs;
  private final Map<String, BridgeSession> sessions = new HashMap<>();
  private final Map<String, BridgeSession> bySockJsId = new HashMap<>();
  /** vertx-web's SockJS transports, and its heartbeat interval for the WebSocket transport served here. */
  private final SockJSHandlerOptions sockJsOptions = new SockJSHandlerOptions().setRegisterWriteHandler(false);
  private long sweepTimer = -1;
  private long heartbeatTimer = -1;
  private boolean draining;

  public BridgeTransport(Vertx vertx, RoomRegistry rooms, TokenVerifier tokens, GatewayMetrics metrics, GatewayConfig config) {
    this.vertx = vertx;
    this.rooms = rooms;
    this.tokens = tokens;
    this.metrics = metrics;
    for (String transport : List.of("sockjs", "websocket")) {
      metrics.sessions(transport, () -> sessions.values().stream().filter(s -> s.transport().equals(transport)).count());
    }
    this.maxFrameBytes = config.maxFrameBytes();
    this.maxMessageBytes = config.maxMessageBytes();
    this.pingTimeoutMs = config.pingTimeoutMs();
  }

  /** The routes to mount under the bridge's path (e.g. {@code /eventbus/*}). */
  public Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::authenticate);
    router.get(RAW_WEBSOCKET).handler(this::upgrade);
    router.getWithRegex(SOCKJS_WEBSOCKET).handler(this::upgradeSockJs);
    // SockJS's XHR transports read the POST body from the routing context; bound it.
    router.post().handler(BodyHandler.create(false).setBodyLimit(maxMessageBytes));
    SockJSHandler sockJS = SockJSHandler.create(vertx, sockJsOptions);
    router.route().subRouter(sockJS.socketHandler(this::onSocket));
    return router;
  }

  /** Starts closing sessions that send no frame for longer than the ping timeout, or outlive their token. */
  public Future<Void> start() {
    sweepTimer = vertx.setPeriodic(Math.max(1000, pingTimeoutMs / 2), id -> sweep());
    heartbeatTimer = vertx.setPeriodic(sockJsOptions.getHeartbeatInterval(),
      id -> sessions.values().forEach(BridgeSession::heartbeat));
    return vertx.eventBus().<JsonObject>consumer(Addresses.SESSIONS_KICK, message -> kick(message.body().getString("userId")))
      .completion();
  }

  /** Closes this node's sessions of the user (an admin disconnected them everywhere). */
  private void kick(String userId) {
    new ArrayList<>(sessions.values()).stream().filter(s -> s.principal().id().equals(userId))
      .forEach(s -> s.close(BridgeSession.CLOSE_KICKED, "kicked", "KICKED: disconnected by an administrator"));
  }

  /** Closes every session (the node is going away). */
  public void stop() {
    vertx.cancelTimer(sweepTimer);
    vertx.cancelTimer(heartbeatTimer);
    new ArrayList<>(sessions.values()).forEach(s -> s.close(1001, "stopped", "GOING_AWAY: the node is shutting down"));
  }

  /** Refuses new connections from now on and tells every open session to reconnect elsewhere. */
  public void drain() {
    draining = true;
    new ArrayList<>(sessions.values())
      .forEach(s -> s.close(BridgeSession.CLOSE_DRAINING, "draining", "NODE_DRAINING: reconnect to another node"));
  }

  public int sessionCount() {
    return sessions.size();
  }

  /**
   * Every request, the first of a session and each later XHR one, carries a valid token; a request
   * into an existing SockJS session must carry its owner's.
   */
  private void authenticate(RoutingContext ctx) {
    if (draining) {
      refuse(ctx, ErrorCode.NODE_DRAINING.exception("this node is shutting down; connect to another one"));
      return;
    }
    String token = ctx.queryParams().get("token");
    if (token == null || token.isBlank()) {
      token = TokenVerifier.bearer(ctx.request().getHeader(HttpHeaders.AUTHORIZATION));
    }
    tokens.verify(token).onComplete(result -> {
      if (result.failed()) {
        refuse(ctx, GatewayException.from(result.cause()));
        return;
      }
      BridgeSession owner = bySockJsId.get(sockJsId(ctx.normalizedPath()));
      if (owner != null && !owner.principal().id().equals(result.result().principal().id())) {
        refuse(ctx, ErrorCode.ACCESS_DENIED.exception("this session belongs to another user"));
        return;
      }
      ctx.put(TOKEN, result.result());
      ctx.next();
    });
  }

  private void refuse(RoutingContext ctx, GatewayException failure) {
    metrics.refused(failure.code());
    ctx.response().setStatusCode(failure.code().status())
      .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
      .end(failure.toJson().encode());
  }

  private static String sockJsId(String path) {
    Matcher matcher = SOCKJS_SESSION.matcher(path);
    return matcher.matches() ? matcher.group(1) : null;
  }

  private void onSocket(SockJSSocket socket) {
    BridgeSession session = open(socket.routingContext().get(TOKEN), new SockJsBridgeSocket(socket),
      sockJsId(socket.routingContext().normalizedPath()));
    socket.handler(data -> onData(session, data));
    socket.closeHandler(v -> onClose(session));
  }

  private void upgrade(RoutingContext ctx) {
    if (!RawWebSocket.isUpgrade(ctx.request())) {
      refuse(ctx, ErrorCode.INVALID_DATA.exception("expected a WebSocket upgrade (HTTP/1.1, version 13)"));
      return;
    }
    RawWebSocket socket = RawWebSocket.accept(ctx.request(), maxMessageBytes, null);
    BridgeSession session = open(ctx.get(TOKEN), socket, null);
    socket.handler(data -> onData(session, data)).closeHandler(v -> onClose(session));
  }

  /** Anything but an upgrade goes on to vertx-web's SockJS handler, which answers it as SockJS does. */
  private void upgradeSockJs(RoutingContext ctx) {
    if (!RawWebSocket.isUpgrade(ctx.request())) {
      ctx.next();
      return;
    }
    SockJsWebSocket socket = SockJsWebSocket.accept(ctx.request(), maxMessageBytes);
    BridgeSession session = open(ctx.get(TOKEN), socket, sockJsId(ctx.normalizedPath()));
    socket.handler(data -> onData(session, data)).closeHandler(v -> onClose(session));
  }

  private BridgeSession open(VerifiedToken token, BridgeSocket socket, String sockJsId) {
    var session = new BridgeSession(UUID.randomUUID().toString(), token, socket, sockJsId, metrics, System.currentTimeMillis());
    sessions.put(session.id(), session);
    if (sockJsId != null) {
      bySockJsId.put(sockJsId, session);
    }
    rooms.add(session);
    return session;
  }

  private void onClose(BridgeSession session) {
    if (sessions.remove(session.id()) != null) {
      if (session.sockJsId() != null) {
        bySockJsId.remove(session.sockJsId());
      }
      rooms.remove(session);
    }
  }

  private void onData(BridgeSession session, Buffer data) {
    session.seen(System.currentTimeMillis());
    BridgeFrame frame;
    try {
      if (data.length() > maxFrameBytes) {
        throw ErrorCode.PAYLOAD_TOO_LARGE.exception("frame is larger than " + maxFrameBytes + " bytes");
      }
      frame = BridgeFrame.parse(data);
    } catch (GatewayException e) {
      fail(session, null, e);
      return;
    }
    // A register must take effect before the frames that follow it, as the client sent them.
    session.barrier(session.barrier().transform(ignored -> dispatch(session, frame)));
  }

  private Future<?> dispatch(BridgeSession session, BridgeFrame frame) {
    if (!sessions.containsKey(session.id())) {
      // the session closed while this frame waited behind a register
      return Future.succeededFuture();
    }
    return switch (frame.type()) {
      case PING -> Future.succeededFuture();
      case SEND, PUBLISH -> {
        forward(session, frame);
        yield Future.succeededFuture();
      }
      case REGISTER -> register(session, frame);
      case UNREGISTER -> {
        rooms.leave(session.id(), frame.address());
        yield Future.succeededFuture();
      }
    };
  }

  private void forward(BridgeSession session, BridgeFrame frame) {
    String answerTo = frame.replyAddress() != null ? frame.replyAddress() : frame.address();
    if (!Addresses.INBOUND.contains(frame.address())) {
      fail(session, answerTo, unknownAddress(frame.address()));
      return;
    }
    vertx.eventBus().request(Addresses.inbound(frame.address()), frame.body(), Requests.as(session.principal(), session.id()))
      .onSuccess(reply -> {
        if (frame.replyAddress() != null) {
          session.write(BridgeFrames.reply(frame.replyAddress(), reply.body()));
        }
      })
      .onFailure(cause -> fail(session, answerTo, GatewayException.from(cause)));
  }

  private Future<?> register(BridgeSession session, BridgeFrame frame) {
    String address = frame.address();
    int colon = address.indexOf(':');
    if (colon <= 0 || Addresses.INBOUND.contains(address)) {
      fail(session, address, unknownAddress(address));
      return Future.succeededFuture();
    }
    JsonObject request = new JsonObject().put("address", address);
    return vertx.eventBus().request(Addresses.authorizer(address.substring(0, colon)), request,
        Requests.as(session.principal(), session.id()))
      .compose(allowed -> sessions.containsKey(session.id()) ? rooms.join(session, address) : Future.succeededFuture())
      .onFailure(cause -> fail(session, address, registerFailure(address, cause)))
      .otherwiseEmpty();
  }

  private void fail(BridgeSession session, String address, GatewayException failure) {
    metrics.refused(failure.code());
    session.write(BridgeFrames.error(address, failure));
  }

  private static GatewayException registerFailure(String address, Throwable cause) {
    if (cause instanceof ReplyException re && re.failureType() == ReplyFailure.NO_HANDLERS) {
      return unknownAddress(address);
    }
    return GatewayException.from(cause);
  }

  private static GatewayException unknownAddress(String address) {
    return ErrorCode.INVALID_DATA.exception("unknown address '" + address + "'");
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (BridgeSession session : new ArrayList<>(sessions.values())) {
      if (session.expiredAt(now)) {
        session.close(BridgeSession.CLOSE_TOKEN_EXPIRED, "token_expired",
          "AUTH_REQUIRED: the token has expired; reconnect with a new one");
      } else if (session.idleSince(now - pingTimeoutMs)) {
        session.close(BridgeSession.CLOSE_IDLE, "idle", "IDLE: no frame within " + pingTimeoutMs + " ms");
      }
    }
  }
}
