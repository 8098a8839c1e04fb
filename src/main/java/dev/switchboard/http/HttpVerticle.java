package dev.switchboard.http;

import dev.switchboard.auth.Revocations;
import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.bus.Addresses;
import dev.switchboard.channels.Webhooks;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.CommandDoor;
import dev.switchboard.core.Gatekeeper;
import dev.switchboard.core.NodeSessions;
import dev.switchboard.core.RateLimiter;
import dev.switchboard.core.SessionHub;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.error.HttpAnswers;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.fanout.RoomChannels;
import dev.switchboard.fanout.RoomRegistry;
import dev.switchboard.socketio.SocketIoGateway;
import dev.switchboard.store.ChannelStoreProxy;
import dev.switchboard.store.RecoveryStoreProxy;
import dev.switchboard.bridge.BridgeTransport;
import dev.switchboard.wsjson.WsJsonGateway;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP port on one event loop: the bridge at {@code /eventbus}, the Socket.IO endpoints,
 * seed 001's plain WebSocket endpoints under {@code /ws/}, the REST API and its contract at {@code /openapi.yaml}, the web console under
 * {@code /console/}, {@code /health} and
 * {@code /ready}. The node runs one instance per loop ({@link HttpLoops}), all on the same port;
 * each owns the sessions and the room registry of the connections Vert.x hands it, so all their
 * socket work runs on its loop.
 */
public final class HttpVerticle extends VerticleBase {
  static final String BRIDGE_PATH = "/eventbus/*";
  private static final long READY_TIMEOUT_MS = 2000;
  private static final int MAX_REST_BODY = 64 * 1024;
  /** docs/openapi.yaml, which the build copies next to this class. */
  private static final String CONTRACT = "openapi.yaml";
  /** Vert.x's limits, named so the refusals can say them: method, path and query; all headers together. */
  private static final int MAX_REQUEST_LINE = HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH;
  private static final int MAX_HEADERS = HttpServerOptions.DEFAULT_MAX_HEADER_SIZE;

  private final GatewayConfig config;
  private final TokenVerifier tokens;
  private final RateLimiter limiter;
  private final BooleanSupplier clusterUp;
  private final GatewayMetrics metrics;
  private final NodeSessions sessions;
  private final RoomChannels channels;
  private SessionHub hub;
  private BridgeTransport bridge;
  private SocketIoGateway socketIo;
  private RestEdge rest;
  private Router router;
  private Buffer contract;
  private HttpServer server;
  /** The name of the event loop's thread, for the start-up log. */
  private String thread;

  HttpVerticle(GatewayConfig config, TokenVerifier tokens, RateLimiter limiter, BooleanSupplier clusterUp,
               GatewayMetrics metrics, NodeSessions sessions, RoomChannels channels) {
    this.config = config;
    this.tokens = tokens;
    this.limiter = limiter;
    this.clusterUp = clusterUp;
    this.metrics = metrics;
    this.sessions = sessions;
    this.channels = channels;
  }

  @Override
  public Future<?> start() {
    return vertx.executeBlocking(HttpVerticle::readContract).onSuccess(read -> contract = read)
      .compose(read -> Revocations.open(vertx, config.jwt().maxLifetime())).compose(this::start);
  }

  private Future<HttpServer> start(Revocations revocations) {
    thread = Thread.currentThread().getName();
    RoomRegistry rooms = new RoomRegistry(vertx.eventBus(), channels, metrics);
    hub = new SessionHub(vertx, sessions, rooms, config.pingTimeoutMs());
    var gatekeeper = new Gatekeeper(tokens, revocations, config.authCookie(), config.corsOrigins());
    var door = new CommandDoor(vertx.eventBus(), rooms, limiter);
    bridge = new BridgeTransport(vertx, hub, gatekeeper, door, metrics, config);
    socketIo = new SocketIoGateway(vertx, hub, gatekeeper, door, metrics, config, new RecoveryStoreProxy(vertx.eventBus()));
    rest = new RestEdge(vertx.eventBus(), gatekeeper, limiter, config.corsOrigins());

    router = Router.router(vertx);
    router.get("/health").handler(this::health);
    router.get("/ready").handler(this::ready);
    router.get("/metrics").handler(PrometheusScrapingHandler.create(metrics.registry()));
    router.get("/" + CONTRACT).handler(this::contract);
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
    new Console(vertx, config.jwt()).mount(router);
    router.route().last().handler(ctx -> RestEdge.error(ctx, ErrorCode.NOT_FOUND, "no such resource"));
    router.errorHandler(413, ctx -> RestEdge.error(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is too large"));
    router.errorHandler(500, ctx -> RestEdge.error(ctx, ErrorCode.INTERNAL_ERROR, "unexpected failure"));

    // Strict thread mode: every response is written from this verticle's event loop (replies come back
    // to the context that asked), so a connection needs no cross-thread write queue, whose 4 KB array
    // each connection would otherwise keep for its lifetime, WebSockets included.
    var options = new HttpServerOptions().setHost(config.httpHost()).setPort(sharedPort(config.httpPort()))
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

  /**
   * Every instance listens on the configured port, and Vert.x shares it: it hands each new
   * connection to the next loop. Port 0 would give each instance a port of its own; Vert.x's -1 is
   * one free port, picked once and shared.
   */
  private static int sharedPort(int configured) {
    return configured == 0 ? -1 : configured;
  }

  /** The routes the HTTP port serves, in order: docs/openapi.yaml describes those that are REST operations. */
  public List<Route> routes() {
    return router.getRoutes();
  }

  /** The port actually bound (the configured one, or the one picked for port 0). */
  int port() {
    return server.actualPort();
  }

  String thread() {
    return thread;
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

  /** The contract from the jar; a jar built without it is a broken build, so the node does not start. */
  private static Buffer readContract() throws IOException {
    try (InputStream in = HttpVerticle.class.getResourceAsStream(CONTRACT)) {
      if (in == null) {
        throw new IllegalStateException(CONTRACT + " is missing from the jar next to " + HttpVerticle.class.getName());
      }
      return Buffer.buffer(in.readAllBytes());
    }
  }

  private void contract(RoutingContext ctx) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml").end(contract);
  }

  private void health(RoutingContext ctx) {
    RestEdge.json(ctx, 200, new JsonObject().put("status", "UP"));
  }

  private void ready(RoutingContext ctx) {
    Future<Boolean> store = sessions.draining() ? Future.succeededFuture(false)
      : vertx.eventBus().request(Addresses.STORE_PING, new JsonObject(),
          new DeliveryOptions().setLocalOnly(true).setSendTimeout(READY_TIMEOUT_MS))
        .map(true).otherwise(false);
    store.onComplete(result -> {
      // Decided when answered, not when asked: a probe asked just before a drain would otherwise
      // answer 200 after the drain closed its sessions, and the load balancer would send them back.
      if (sessions.draining()) {
        RestEdge.json(ctx, 503, new JsonObject().put("status", "DRAINING"));
        return;
      }
      boolean cluster = clusterUp.getAsBoolean();
      boolean mongo = result.result();
      JsonObject body = new JsonObject().put("status", cluster && mongo ? "UP" : "DOWN")
        .put("cluster", cluster).put("store", mongo).put("sessions", sessions.count());
      RestEdge.json(ctx, cluster && mongo ? 200 : 503, body);
    });
  }
}
