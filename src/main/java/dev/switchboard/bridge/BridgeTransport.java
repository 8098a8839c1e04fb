package dev.switchboard.bridge;

import dev.switchboard.transport.BridgeSocket;
import dev.switchboard.transport.RawWebSocket;
import dev.switchboard.transport.SockJsWebSocket;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.CommandDoor;
import dev.switchboard.core.Cors;
import dev.switchboard.core.Gatekeeper;
import dev.switchboard.core.SessionHub;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.HttpAnswers;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.payload.Unicode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The event-bus bridge over SockJS (and SockJS's raw WebSocket endpoint): admits the connection
 * through the {@link Gatekeeper}, keeps its sessions in its event loop's {@link SessionHub}, reads client
 * frames, and passes {@code send}/{@code publish} and {@code register} through the
 * {@link CommandDoor}.
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
  private static final String SOCKJS_OWNERS = "sb.bridge.sockjs.owners";
  private static final Pattern SOCKJS_SESSION =
    Pattern.compile(".*/[^/.]+/([^/.]+)/(xhr|xhr_send|xhr_streaming|eventsource|htmlfile|jsonp|jsonp_send|websocket)$");

  private final Vertx vertx;
  private final SessionHub hub;
  private final Gatekeeper gatekeeper;
  private final CommandDoor door;
  private final GatewayMetrics metrics;
  private final int maxFrameBytes;
  private final int maxMessageBytes;
  /** This loop's sessions. */
  private final Map<String, BridgeSession> sessions = new HashMap<>();
  /**
   * The user of each SockJS session on the node, by its id: a SockJS session's later requests come on
   * new connections, which may be any loop's, as vertx-web's own sessions are the node's.
   */
  private final LocalMap<String, String> sockJsOwners;
  /**
   * vertx-web's SockJS transports, and its heartbeat interval for the WebSocket transport served here.
   * JSONP is off: a script tag loads it from any site with the user's cookie and without an
   * {@code Origin}, so no origin check could hold there, and its form-encoded sends would bypass the
   * UTF-8 check below. Every browser the stock client supports has XHR with CORS instead.
   */
  private final SockJSHandlerOptions sockJsOptions = new SockJSHandlerOptions().setRegisterWriteHandler(false)
    .addDisabledTransport(Transport.JSON_P.name());
  private long heartbeatTimer = -1;

  /**
   * vertx-web's SockJS reflects any {@code Origin} with credentials, {@code /info} included; every
   * answer under the bridge has its CORS headers set again from the allowed list as it is written.
   */
  private final Cors cors;

  public BridgeTransport(Vertx vertx, SessionHub hub, Gatekeeper gatekeeper, CommandDoor door, GatewayMetrics metrics,
                         GatewayConfig config) {
    this.cors = new Cors(config.corsOrigins(), "GET,POST", null);
    this.vertx = vertx;
    this.hub = hub;
    this.gatekeeper = gatekeeper;
    this.door = door;
    this.metrics = metrics;
    this.maxFrameBytes = config.maxFrameBytes();
    this.maxMessageBytes = config.maxMessageBytes();
    this.sockJsOwners = vertx.sharedData().getLocalMap(SOCKJS_OWNERS);
  }

  /** The routes to mount under the bridge's path (e.g. {@code /eventbus/*}). */
  public Router router() {
    Router router = Router.router(vertx);
    router.route().handler(this::authenticate);
    router.get(RAW_WEBSOCKET).handler(this::upgrade);
    router.getWithRegex(SOCKJS_WEBSOCKET).handler(this::upgradeSockJs);
    // SockJS's XHR transports read the POST body from the routing context; bound it.
    router.post().handler(BodyHandler.create(false).setBodyLimit(maxMessageBytes)).handler(this::unicodeBody);
    SockJSHandler sockJS = SockJSHandler.create(vertx, sockJsOptions);
    router.route().subRouter(sockJS.socketHandler(this::onSocket));
    return router;
  }

  /** Starts beating SockJS's envelope on the WebSocket transport, from one timer for the node. */
  public void start() {
    heartbeatTimer = vertx.setPeriodic(sockJsOptions.getHeartbeatInterval(),
      id -> sessions.values().forEach(BridgeSession::heartbeat));
  }

  public void stop() {
    vertx.cancelTimer(heartbeatTimer);
  }

  /**
   * Every request, the first of a session and each later XHR one, carries a valid token; a request
   * into an existing SockJS session must carry its owner's.
   */
  private void authenticate(RoutingContext ctx) {
    ctx.addHeadersEndHandler(v -> cors.apply(ctx.request(), ctx.response()));
    if (ctx.request().method() == HttpMethod.POST) {
      // the admission is asynchronous (a kick is looked up in the cluster): the body of an XHR POST
      // must wait for the BodyHandler after it, which resumes the request
      ctx.request().pause();
    }
    hub.admit(RawWebSocket.isUpgrade(ctx.request()))
      .compose(admitted -> gatekeeper.admit(null, ctx.queryParams(), ctx.request().headers()))
      .onSuccess(token -> ownerOnly(ctx, token))
      .onFailure(cause -> refuse(ctx, GatewayException.from(cause)));
  }

  private void ownerOnly(RoutingContext ctx, VerifiedToken token) {
    String sockJsId = sockJsId(ctx.normalizedPath());
    String owner = sockJsId == null ? null : sockJsOwners.get(sockJsId);
    if (owner != null && !owner.equals(token.principal().id())) {
      refuse(ctx, ErrorCode.ACCESS_DENIED.exception("this session belongs to another user"));
      return;
    }
    ctx.put(TOKEN, token);
    ctx.next();
  }

  /**
   * vertx-web decodes a SockJS HTTP body leniently and re-encodes each frame, so bytes that are not
   * UTF-8 would reach the bridge as U+FFFD and an unpaired surrogate as {@code ?}: refused here, as
   * the WebSocket transports refuse them with 1007, before anything of the body is handled.
   */
  private void unicodeBody(RoutingContext ctx) {
    if (ctx.body().length() <= 0) {
      // the XHR transports' polls: nothing to read
      ctx.next();
      return;
    }
    try {
      List<String> frames = SockJsWebSocket.frames(Unicode.decode(ctx.body().buffer(), "the request body"));
      if (frames == null) {
        throw ErrorCode.INVALID_DATA.exception("the request body is not a SockJS message of Unicode strings");
      }
    } catch (GatewayException e) {
      refuse(ctx, e);
      return;
    }
    ctx.next();
  }

  private void refuse(RoutingContext ctx, GatewayException failure) {
    metrics.refused(failure.code());
    HttpAnswers.failure(ctx.response(), failure);
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
      sockJsOwners.put(sockJsId, session.principal().id());
    }
    hub.open(session);
    return session;
  }

  private void onClose(BridgeSession session) {
    if (sessions.remove(session.id()) != null && session.sockJsId() != null) {
      sockJsOwners.remove(session.sockJsId());
    }
    hub.closed(session);
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
    session.then(() -> dispatch(session, frame));
  }

  private Future<?> dispatch(BridgeSession session, BridgeFrame frame) {
    if (!hub.isOpen(session)) {
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
        door.unsubscribe(session, frame.address());
        yield Future.succeededFuture();
      }
    };
  }

  private void forward(BridgeSession session, BridgeFrame frame) {
    door.send(session, frame.address(), frame.body())
      .onSuccess(reply -> {
        if (frame.replyAddress() != null) {
          session.write(BridgeFrames.reply(frame.replyAddress(), reply));
        }
      })
      .onFailure(cause -> fail(session, frame.replyAddress() != null ? frame.replyAddress() : frame.address(),
        GatewayException.from(cause)));
  }

  private Future<?> register(BridgeSession session, BridgeFrame frame) {
    Future<Void> subscribed = frame.lastSeq() == null ? door.subscribe(session, frame.address())
      : door.subscribe(session, frame.address(), frame.lastSeq());
    return subscribed
      .onFailure(cause -> fail(session, frame.address(), GatewayException.from(cause)))
      .otherwiseEmpty();
  }

  private void fail(BridgeSession session, String address, GatewayException failure) {
    metrics.refused(failure.code());
    session.write(BridgeFrames.error(address, failure));
  }
}
