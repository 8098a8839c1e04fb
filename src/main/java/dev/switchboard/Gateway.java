package dev.switchboard;

import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.LocalRecords;
import dev.switchboard.channels.ChannelsVerticle;
import dev.switchboard.chat.ChatVerticle;
import dev.switchboard.cluster.ClusterSetup;
import dev.switchboard.cluster.HazelcastRateLimiter;
import dev.switchboard.cluster.HazelcastRoomOwners;
import dev.switchboard.cluster.HazelcastRoomPresence;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.conversations.ConversationsVerticle;
import dev.switchboard.error.StartupFailure;
import dev.switchboard.http.HttpLoops;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.notifications.NotificationsVerticle;
import dev.switchboard.presence.HeartbeatPresence;
import dev.switchboard.presence.PresenceVerticle;
import dev.switchboard.store.ChannelStoreProxy;
import dev.switchboard.store.ChatStoreProxy;
import dev.switchboard.store.ConversationStoreProxy;
import dev.switchboard.store.EmbeddedMongo;
import dev.switchboard.store.NotificationStoreProxy;
import dev.switchboard.store.StoreVerticle;
import dev.switchboard.store.TicketStoreProxy;
import dev.switchboard.support.SupportVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** One gateway node: its cluster membership, its verticles and, when configured so, the embedded database. */
public final class Gateway {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);

  private final Vertx vertx;
  private final HttpLoops http;
  private final EmbeddedMongo embedded;

  private Gateway(Vertx vertx, HttpLoops http, EmbeddedMongo embedded) {
    this.vertx = vertx;
    this.http = http;
    this.embedded = embedded;
  }

  /**
   * Joins the cluster and deploys the store, the domains and the HTTP edge, in that order. A failure
   * leaves nothing running: the node's Vert.x is closed and the embedded database stopped before the
   * returned future fails, and it fails with a {@link StartupFailure} or an
   * {@link IllegalArgumentException} whose message says what to fix where the cause is known.
   */
  public static Future<Gateway> start(GatewayConfig config) {
    HazelcastClusterManager cluster;
    EmbeddedMongo embedded;
    try {
      // what can be checked offline is, before anything is started that would need stopping
      TokenVerifier.check(config.jwt());
      cluster = ClusterSetup.clusterManager(config.cluster());
      embedded = config.embeddedMongo() ? EmbeddedMongo.start(Path.of(config.dataDir()), config.embeddedMongoPort()) : null;
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    GatewayConfig effective = embedded == null ? config : config.withMongoUri(embedded.connectionString());
    GatewayMetrics metrics = new GatewayMetrics();
    // epoll where Netty's native library loads (Linux), NIO elsewhere: less CPU per socket event
    VertxOptions options = ClusterSetup.vertxOptions(config.cluster()).setPreferNativeTransport(true)
      .setMetricsOptions(metrics.vertxOptions());
    // a loop of its own for each HTTP verticle, even where more are asked for than Vert.x's default pool
    options.setEventLoopPoolSize(Math.max(options.getEventLoopPoolSize(), config.eventLoops()));
    // Bound to no event loop: it completes after a failed start has closed them all, and a future bound
    // to one of them would then never tell its listeners (Main would wait for ever).
    Promise<Gateway> started = Promise.promise();
    Vertx.builder().with(options)
      .withMetrics(metrics.vertxFactory()).withClusterManager(cluster)
      .buildClustered()
      .onSuccess(vertx -> deploy(vertx, effective, cluster, metrics)
        .onSuccess(http -> started.complete(new Gateway(vertx, http, embedded)))
        .onFailure(cause -> vertx.close().onComplete(closed -> abandon(embedded, cause, started))))
      .onFailure(cause -> abandon(embedded, cause, started));
    return started.future();
  }

  private static void abandon(EmbeddedMongo embedded, Throwable cause, Promise<Gateway> started) {
    if (embedded != null) {
      embedded.close();
    }
    started.fail(cause);
  }

  private static Future<HttpLoops> deploy(Vertx vertx, GatewayConfig config, HazelcastClusterManager cluster,
                                             GatewayMetrics metrics) {
    metrics.clusterMembers(() -> cluster.getHazelcastInstance().getCluster().getMembers().size());
    LocalRecords.register(vertx.eventBus());
    return TokenVerifier.create(vertx, config.jwt()).compose(tokens -> {
      var limiter = new HazelcastRateLimiter(vertx, cluster.getHazelcastInstance(), config.rateLimits());
      var presence = new HazelcastRoomPresence(vertx, cluster.getHazelcastInstance());
      var owners = new HazelcastRoomOwners(cluster.getHazelcastInstance());
      return vertx.deployVerticle(new StoreVerticle(config.mongoUri(), config.mongoDb(), metrics, owners))
        .compose(id -> vertx.deployVerticle(new ChatVerticle(new ChatStoreProxy(vertx.eventBus(), owners), config.maxBodyBytes())))
        .compose(id -> vertx.deployVerticle(new SupportVerticle(new TicketStoreProxy(vertx.eventBus()), presence,
          config.maxBodyBytes())))
        .compose(id -> vertx.deployVerticle(new ConversationsVerticle(new ConversationStoreProxy(vertx.eventBus()),
          new ChatStoreProxy(vertx.eventBus(), owners), new TicketStoreProxy(vertx.eventBus()))))
        .compose(id -> vertx.deployVerticle(new NotificationsVerticle(new NotificationStoreProxy(vertx.eventBus()),
          config.maxBodyBytes())))
        .compose(id -> vertx.deployVerticle(new PresenceVerticle(
          new HeartbeatPresence(vertx, config.presenceHeartbeatMs()), config.presenceHeartbeatMs(), config.jwt().maxLifetime())))
        .compose(id -> vertx.deployVerticle(new ChannelsVerticle(new ChannelStoreProxy(vertx.eventBus()), config.platforms())))
        .compose(id -> HttpLoops.deploy(vertx, config, tokens, limiter, cluster::isActive, metrics)
          .recover(cause -> Future.failedFuture(portTaken(config, cause))));
    });
  }

  /**
   * Vert.x reports a port it cannot listen on with the OS's words alone (NIO's BindException, or
   * epoll's own IOException, "Address already in use"); this names the keys too.
   */
  private static Throwable portTaken(GatewayConfig config, Throwable cause) {
    if (!(cause instanceof IOException)) {
      return cause;
    }
    String reason = String.valueOf(cause.getMessage()).lines().findFirst().orElse("");
    return new StartupFailure(ConfigKeys.HTTP_PORT + " " + config.httpPort() + " on " + ConfigKeys.HTTP_HOST + " "
      + config.httpHost() + " cannot be listened on (" + reason + "): stop what holds the port, or choose another"
      + " (0 picks a free one)");
  }

  public int httpPort() {
    return http.port();
  }

  /** The routes of the node's HTTP port, in order (see {@link HttpVerticle#routes()}). */
  public List<Route> routes() {
    return http.routes();
  }

  /** Open sessions on each of the node's event loops. */
  public List<Integer> sessionsByLoop() {
    return http.sessionsByLoop();
  }

  /** The network transport Vert.x runs on: {@code epoll} or {@code nio}. */
  public String transport() {
    return vertx.isNativeTransportEnabled() ? "epoll" : "nio";
  }

  public Vertx vertx() {
    return vertx;
  }

  /**
   * Graceful shutdown within {@code budget}: stop taking connections and send sessions elsewhere
   * ({@link #startDrain}), let in-flight store writes finish, then {@link #stop}.
   */
  public Future<Void> drain(Duration budget) {
    long started = System.nanoTime();
    long deadline = System.currentTimeMillis() + budget.toMillis();
    // bound to no event loop, as stop() closes them all before this completes
    Promise<Void> drained = Promise.promise();
    startDrain()
      .compose(v -> vertx.eventBus().request(Addresses.STORE_QUIESCE, new JsonObject(),
        new DeliveryOptions().setLocalOnly(true).setSendTimeout(Math.max(1, deadline - System.currentTimeMillis()))))
      .onFailure(cause -> LOG.warn("Store writes still in flight at the end of the drain budget"))
      .onComplete(quiet -> stop().onComplete(stopped -> {
        LOG.info("Drain finished in {} ms{}", Duration.ofNanos(System.nanoTime() - started).toMillis(),
          stopped.succeeded() ? "" : ", but stopping failed: " + stopped.cause());
        drained.handle(stopped);
      }));
    return drained.future();
  }

  /** The first half of a drain: readiness turns 503, new connections are refused, sessions are told to reconnect. */
  public Future<Void> startDrain() {
    LOG.info("Draining: readiness is down, sessions are told to reconnect elsewhere");
    return http.drain();
  }

  /** Closes the sessions, undeploys everything and leaves the cluster; then stops the embedded database. */
  public Future<Void> stop() {
    LOG.info("Stopping gateway node");
    return vertx.close().eventually(() -> {
      if (embedded != null) {
        embedded.close();
      }
      LOG.info("Stopped: the node has left the cluster");
      return Future.succeededFuture();
    });
  }
}
