package dev.switchboard.socketio;

import dev.switchboard.core.Cors;
import dev.switchboard.transport.RawWebSocket;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Engine.IO v4 over HTTP long-polling and WebSocket, with the upgrade from one to the other, and
 * the server's heartbeat. {@link SocketIoServer} runs on it; on its own it serves plain Engine.IO
 * connections to a {@link #connectionHandler}. Everything runs on the event loop of the context
 * that called {@link #mount}.
 * <p>
 * A node runs one server per event loop and path, each with its own tag, and a client's requests
 * may come in on any loop's connections. A polling request for another loop's session is forwarded
 * to it as another node's would be ({@link PollForwarder}); a WebSocket upgrade, which cannot be
 * forwarded, is handed over to the loop whose server the tag names ({@link #SERVERS}), and its
 * socket is served from there.
 */
public final class EngineIoServer implements Shareable {
  /** The node's servers by tag, in its Vert.x's local map: the loops find each other's sessions' owner here. */
  private static final String SERVERS = "sb.eio.servers";
  static final String POLLING = "polling";
  static final String WEBSOCKET = "websocket";
  private static final String PROTOCOL_VERSION = "4";
  private static final String ALLOWED_METHODS = "GET,POST";
  private static final int NORMAL_CLOSURE = 1000;

  private final Vertx vertx;
  private final SocketIoOptions options;
  private final Cors cors;
  private final SessionIds ids = new SessionIds();
  private final PollForwarder forwarder;
  private final HeartbeatSweep heartbeat;
  /** Open sessions, and closed polling ones whose last packets the client has yet to fetch. */
  private final Map<String, EngineSocket> sessions = new HashMap<>();
  private int open;
  private Handler<EngineSocket> connectionHandler = socket -> { };
  /** The context {@link #mount} ran on, whose loop holds the sessions. */
  private Context context;

  public EngineIoServer(Vertx vertx, SocketIoOptions options) {
    this.vertx = vertx;
    this.options = options;
    this.cors = new Cors(options.corsOrigins(), ALLOWED_METHODS, null);
    this.forwarder = new PollForwarder(vertx, options);
    this.heartbeat = new HeartbeatSweep(vertx, options);
  }

  /**
   * Receives each new connection, before the client has its open packet: set the socket's
   * handlers here, and write nothing until the client has sent something.
   */
  public EngineIoServer connectionHandler(Handler<EngineSocket> handler) {
    this.connectionHandler = handler;
    return this;
  }

  /**
   * Serves Engine.IO at path (e.g. "/engine.io/") on the router: polling, websocket, upgrade, CORS
   * preflight; the polling requests other nodes forward for this server's sessions; and the
   * connections' heartbeat.
   */
  public void mount(Router router, String path) {
    context = vertx.getOrCreateContext();
    servers().put(ids.tag(), this);
    router.route(path).handler(this::handle);
    forwarder.listen(ids.tag(), this::onForwarded);
    heartbeat.start(sessions::values);
  }

  /** Closes every connection (the node is stopping). */
  public void close() {
    servers().remove(ids.tag(), this);
    List.copyOf(sessions.values()).forEach(socket -> socket.close(DisconnectReason.SERVER_SHUTTING_DOWN));
  }

  private LocalMap<String, EngineIoServer> servers() {
    return vertx.sharedData().getLocalMap(SERVERS);
  }

  public int connectionCount() {
    return open;
  }

  private void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    dispatch(request);
    if (request.response().ended()) {
      // The router paused the request: a body nobody reads would stall the kept-alive connection.
      // Resumed with no handler, it is read and dropped.
      request.resume();
    }
  }

  private void dispatch(HttpServerRequest request) {
    HttpServerResponse response = request.response();
    // without CORS configured, OPTIONS is an ordinary bad request, as the reference server has it
    if (request.method() == HttpMethod.OPTIONS && cors.enabled()) {
      cors.preflight(request, response);
      return;
    }
    cors.apply(request, response);
    if (!PROTOCOL_VERSION.equals(request.getParam("EIO"))) {
      EngineError.UNSUPPORTED_PROTOCOL_VERSION.send(response);
      return;
    }
    String transport = request.getParam("transport");
    if (!POLLING.equals(transport) && !WEBSOCKET.equals(transport)) {
      EngineError.TRANSPORT_UNKNOWN.send(response);
      return;
    }
    boolean websocket = WEBSOCKET.equals(transport);
    if (websocket && !RawWebSocket.isUpgrade(request)) {
      EngineError.BAD_REQUEST.send(response);
      return;
    }
    String sid = request.getParam("sid");
    if (sid == null) {
      handshake(request, transport);
      return;
    }
    EngineSocket socket = sessions.get(sid);
    if (socket != null) {
      if (websocket) {
        socket.onUpgradeRequest(request);
      } else {
        socket.onPollingRequest(new HttpPollExchange(request));
      }
      return;
    }
    String owner = SessionIds.ownerTag(sid);
    EngineIoServer loop = websocket && owner != null && !owner.equals(ids.tag()) ? servers().get(owner) : null;
    if (loop != null) {
      loop.upgradeFromAnotherLoop(request, sid);
    } else if (websocket || owner == null || owner.equals(ids.tag())) {
      // an upgrade must reach the owner itself: the client then stays on polling
      EngineError.UNKNOWN_SID.send(response);
    } else {
      forwarder.forward(request, sid, owner);
    }
  }

  /**
   * An upgrade for one of this server's sessions that came in on another loop's connection: the
   * socket stays on that loop's channel and is served from this server's. A session gone meanwhile
   * gets an open socket that closes at once, as one upgrade too many does.
   */
  private void upgradeFromAnotherLoop(HttpServerRequest request, String sid) {
    RawWebSocket socket = RawWebSocket.acceptFor(context, request, options.maxPayloadBytes());
    context.runOnContext(v -> {
      EngineSocket session = sessions.get(sid);
      if (session != null) {
        session.onUpgrade(socket);
      } else {
        socket.close(NORMAL_CLOSURE, "");
      }
    });
  }

  /** A polling request another node received for one of this server's sessions. */
  private void onForwarded(ForwardedPollExchange exchange) {
    EngineSocket socket = sessions.get(exchange.sid());
    if (socket == null) {
      EngineError.UNKNOWN_SID.send(exchange);
    } else {
      socket.onPollingRequest(exchange);
    }
  }

  private void handshake(HttpServerRequest request, String transport) {
    boolean websocket = WEBSOCKET.equals(transport);
    if (!websocket && request.method() != HttpMethod.GET) {
      EngineError.BAD_HANDSHAKE_METHOD.send(request.response());
      return;
    }
    String sid = ids.next();
    String openPacket = EnginePacket.text(EnginePacket.Type.OPEN, new JsonObject()
      .put("sid", sid)
      .put("upgrades", websocket ? new JsonArray() : new JsonArray().add(WEBSOCKET))
      .put("pingInterval", options.pingIntervalMs())
      .put("pingTimeout", options.pingTimeoutMs())
      .put("maxPayload", options.maxPayloadBytes())
      .encode()).encodeText();
    EngineSocket socket = new EngineSocket(this, sid, SioHandshake.of(request));
    sessions.put(sid, socket);
    open++;
    if (websocket) {
      socket.useWebSocket(RawWebSocket.accept(request, options.maxPayloadBytes(), openPacket));
    } else {
      socket.usePolling();
      PollingTransport.respond(request.response(), openPacket);
    }
    connectionHandler.handle(socket);
  }

  /** The socket is closed: it no longer counts, though a polling one may stay until its last packets are fetched. */
  void closed(EngineSocket socket, boolean lingers) {
    open--;
    if (!lingers) {
      sessions.remove(socket.id());
    }
  }

  /** A closed polling session's last packets were fetched, or never will be. */
  void forget(EngineSocket socket) {
    sessions.remove(socket.id(), socket);
  }

  Vertx vertx() {
    return vertx;
  }

  SocketIoOptions options() {
    return options;
  }
}
