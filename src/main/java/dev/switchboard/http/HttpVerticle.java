package dev.switchboard.http;

import dev.switchboard.auth.Revocations;
import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.bus.Addresses;
import dev.switchboard.channels.Webhooks;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.CommandDoor;
import dev.switchboard.core.Gatekeeper;
import dev.switchboard.core.RateLimiter;
import dev.switchboard.core.SessionHub;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.HttpAnswers;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.rooms.RoomRegistry;
import dev.switchboard.socketio.SocketIoGateway;
import dev.switchboard.store.ChannelStoreProxy;
import dev.switchboard.store.RecoveryStoreProxy;
import dev.switchboard.transport.BridgeTransport;
import dev.switchboard.wsjson.WsJsonGateway;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP port: the bridge at {@code /eventbus}, the Socket.IO endpoints, seed 001's plain
 * WebSocket endpoints under {@code /ws/}, the REST API,
 * {@code /health} and {@code /ready}. It owns the node's session registry, so all socket work runs on its event loop.
 */
public final class HttpVerticle extends VerticleBase {
  static final String BRIDGE_PATH = "/eventbus/*";
  private static final long READY_TIMEOUT_MS = 2000;
  private static final int MAX_REST_BODY = 64 * 1024;
  /** Vert.x's limits, named so the refusals can say them: method, path and query; all headers together. */
  private static final int MAX_REQUEST_LINE = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;
  private static final int MAX_HEADERS = HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;

  private final GatewayConfig config;
  private final TokenVerifier tokens;
  private final RateLimiter limiter;
  private final BooleanSupplier clusterUp;
  private final GatewayMetrics metrics;
  private SessionHub hub;
  private BridgeTransport bridge;
  private SocketIoGateway socketIo;
  private RestEdge rest;
  private HttpServer server;
  private boolean draining;

  public HttpVerticle(GatewayConfig config, TokenVerifier tokens, RateLimiter limiter, BooleanSupplier clusterUp,
                      GatewayMetrics metrics) {
    this.config = config;
    this.tokens = tokens;
    this.limiter = limiter;
    this.clusterUp = clusterUp;
    this.metrics = metrics;
  }

  @Override
  public Future<?> start() {
    return Revocations.open(vertx, config.jwt().maxLifetime()).compose(this::start);
  }

  private Future<HttpServer> start(Revocations revocations) {
    RoomRegistry rooms = new RoomRegistry(vertx.eventBus(), metrics);
    hub = new SessionHub(vertx, rooms, metrics, config.pingTimeoutMs(), config.connectsPerSecond());
    var gatekeeper = new Gatekeeper(tokens, revocations, config.authCookie(), config.corsOrigins());
    var door = new CommandDoor(vertx.eventBus(), rooms, limiter);
    bridge = new BridgeTransport(vertx, hub, gatekeeper, door, metrics, config);
    socketIo = new SocketIoGateway(vertx, hub, gatekeeper, door, metrics, config, new RecoveryStoreProxy(vertx.eventBus()));
    rest = new RestEdge(vertx.eventBus(), gatekeeper, limiter, config.corsOrigins());

    Router router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    router.route(BRIDGE_PATH).subRouter(bridge.router());
    socketIo.mount(router);
    new WsJsonGateway(hub, gatekeeper, door, metrics, config).mount(router);
    var webhooks = new Webhooks(vertx.eventBus(), new ChannelStoreProxy(vertx.eventBus()));
    router.route("/webhooks/*").handler(this::timed);
    router.route("/webhooks/*").handler(BodyHandler.create(false).setBodyLimit(MAX_REST_BODY));
    router.post("/webhooks/telegram/:id").handler(webhooks::telegram);
    router.get("/webhooks/instagram/:id").handler(webhooks::instagramVerification);
    router.post("/webhooks/instagram/:id").handler(webhooks::instagram);
    for (String api : List.of("/rooms*", "/tickets*", "/agents*", "/broadcast", "/notifications", "/presence*", "/stats", "/sessions*",
      "/channels*")) {
      router.route(api).handler(this::timed).handler(rest::cors);
      router.route(api).handler(BodyHandler.create(false).setBodyLimit(MAX_REST_BODY)).handler(rest::authenticate);
    }
    router.post("/rooms").handler(rest.json(Addresses.CHAT_CREATE_ROOM, null, 201));
    router.patch("/rooms/:id").handler(rest.json(Addresses.CHAT_UPDATE_ROOM, "roomId", 200));
    router.get("/rooms/:id/messages").handler(rest.query(Addresses.CHAT_HISTORY, "roomId"));
    router.post("/tickets").handler(rest.json(Addresses.SUPPORT_CREATE_TICKET, null, 201));
    router.get("/tickets").handler(rest.query(Addresses.SUPPORT_LIST_TICKETS, null));
    router.get("/tickets/stats/counts").handler(rest.query(Addresses.SUPPORT_TICKET_COUNTS, null));
    router.get("/tickets/:id").handler(rest.query(Addresses.SUPPORT_GET_TICKET, "ticketId"));
    router.patch("/tickets/:id").handler(rest.command(Addresses.SUPPORT_TICKET_UPDATE, "ticketId", 200));
    router.get("/tickets/:id/messages").handler(rest.query(Addresses.SUPPORT_TICKET_MESSAGES, "ticketId"));
    router.post("/tickets/:id/messages").handler(rest.command(Addresses.SUPPORT_MESSAGE, "ticketId", 201));
    router.get("/agents/status").handler(rest.query(Addresses.SUPPORT_AGENT_STATUSES, null));
    router.post("/notifications").handler(rest.json(Addresses.NOTIFICATIONS_SEND, null, 201));
    router.post("/broadcast").handler(rest.command(Addresses.BROADCAST, null, 202));
    router.get("/presence/users/:id").handler(rest.query(Addresses.PRESENCE_USER, "userId"));
    router.get("/stats").handler(rest.query(Addresses.PRESENCE_STATS, null));
    router.delete("/sessions/users/:id").handler(rest.query(Addresses.PRESENCE_DISCONNECT_USER, "userId"));
    router.post("/channels").handler(rest.json(Addresses.CHANNELS_CREATE, null, 201));
    router.get("/channels").handler(rest.query(Addresses.CHANNELS_LIST, null));
    router.delete("/channels/:id").handler(rest.query(Addresses.CHANNELS_DELETE, "channelId"));
    router.route().last().handler(ctx -> RestEdge.error(ctx, ErrorCode.NOT_FOUND, "no such resource"));
    router.errorHandler(413, ctx -> RestEdge.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large"));
    router.errorHandler(500, ctx -> RestEdge.error(ctx, ErrorCode.INTERNAL_ERROR, "unexpected failure"));

    // Strict thread mode: every response is written from this verticle's event loop (replies come back
    // to the context that asked), so a connection needs no cross-thread write queue, whose 4 KB array
    // each connection would otherwise keep for its lifetime, WebSockets included.
    var options = new HttpServerOptions().setHost(config.httpHost()).setPort(config.httpPort())
      .setMaxInitialLineLength(MAX_REQUEST_LINE).setMaxHeaderSize(MAX_HEADERS)
      .setMaxWebSocketMessageSize(config.maxMessageBytes()).setMaxWebSocketFrameSize(config.maxMessageBytes())
      // a compressor per socket costs about 146 KB and 1.9x the CPU per delivery (docs/benchmarks.md, round 7)
      .setPerMessageWebSocketCompressionSupported(config.websocketDeflate()).setPerFrameWebSocketCompressionSupported(false)
      .setStrictThreadMode(true);
    bridge.start();
    return rooms.start()
      .compose(v -> hub.start())
      .compose(v -> vertx.createHttpServer(options).requestHandler(router).invalidRequestHandler(HttpVerticle::invalid).listen())
      .onSuccess(s -> server = s);
  }

  @Override
  public Future<?> stop() {
    bridge.stop();
    hub.stop();
    socketIo.stop();
    return server == null ? Future.succeededFuture() : server.close();
  }

  /** Turns readiness 503, refuses new bridge connections and closes the open ones with "reconnect". */
  public Future<Void> drain() {
    Promise<Void> done = Promise.promise();
    context.runOnContext(v -> {
      // readiness first: a client that reconnects on its close must already find this node not ready
      draining = true;
      hub.drain();
      done.complete();
    });
    return done.future();
  }

  /** The port actually bound (the configured one, or the one picked for port 0). */
  public int port() {
    return server.actualPort();
  }

  /**
   * A request the HTTP server could not decode never reaches the router; Vert.x's own answer has an
   * empty body, so this gives it the error format every other refusal has. The connection is closed
   * after it, as the rest of what was sent on it cannot be read.
   */
  private static void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    GatewayException failure;
    if (cause instanceof TooLongHttpLineException) {
      failure = ErrorCode.URI_TOO_LONG.exception("the request line (method, path and query) is longer than "
        + MAX_REQUEST_LINE + " bytes");
    } else if (cause instanceof TooLongHttpHeaderException) {
      failure = ErrorCode.HEADERS_TOO_LARGE.exception("the request headers are larger than "
        + MAX_HEADERS + " bytes");
    } else {
      failure = ErrorCode.INVALID_DATA.exception("the request is not valid HTTP");
    }
    HttpAnswers.failure(request.response(), failure).onComplete(sent -> request.connection().close());
  }

  private void timed(RoutingContext ctx) {
    long start = System.nanoTime();
    ctx.addEndHandler(done -> metrics.httpRequest(ctx.request().method().name(), ctx.response().getStatusCode(), System.nanoTime() - start));
    ctx.next();
  }

  private void health(RoutingContext ctx) {
    RestEdge.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext ctx) {
    Future<Boolean> store = draining ? Future.succeededFuture(false)
      : vertx.eventBus().request(Addresses.STORE_PING, new JsonObject(),
          new DeliveryOptions().setLocalOnly(true).setSendTimeout(READY_TIMEOUT_MS))
        .map(true).otherwise(false);
    store.onComplete(result -> {
      // Decided when answered, not when asked: a probe asked just before a drain would otherwise
      // answer 200 after the drain closed its sessions, and the load balancer would send them back.
      if (draining) {
        RestEdge.json(ctx, 503, new JsonObject().put("status", "DRAINING"));
        return;
      }
      boolean cluster = clusterUp.getAsBoolean();
      boolean mongo = result.result();
      JsonObject body = new JsonObject().put("status", cluster && mongo ? "UP" : "DOWN")
        .put("cluster", cluster).put("store", mongo).put("sessions", hub.count());
      RestEdge.json(ctx, cluster && mongo ? 200 : 503, body);
    });
  }
}
