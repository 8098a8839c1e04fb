package dev.switchboard.http;

import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.core.NodeSessions;
import dev.switchboard.core.RateLimiter;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.fanout.RoomChannels;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Route;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

/**
 * The node's HTTP port on {@value ConfigKeys#EVENT_LOOPS} event loops: one {@link HttpVerticle} per
 * loop, all listening on the port, and Vert.x hands each new connection to the next loop. A loop
 * holds its connections' sessions and its own room registry, and encodes each room event once per
 * protocol for its members; what the loops share is the node's {@link NodeSessions} (the connection
 * budget, the drain, the counts) and its {@link RoomChannels} (one cluster subscription per room).
 */
public final class HttpLoops {
  private static final Logger LOG = LoggerFactory.getLogger(HttpLoops.class);

  private final NodeSessions sessions;
  private final List<HttpVerticle> loops;

  private HttpLoops(NodeSessions sessions, List<HttpVerticle> loops) {
    this.sessions = sessions;
    this.loops = loops;
  }

  /** Deploys one HTTP verticle per configured event loop; completes once every one listens. */
  public static Future<HttpLoops> deploy(Vertx vertx, GatewayConfig config, TokenVerifier tokens, RateLimiter limiter,
                                         BooleanSupplier clusterUp, GatewayMetrics metrics) {
    var sessions = new NodeSessions(metrics, config.connectsPerSecond());
    var channels = new RoomChannels(vertx.eventBus(), metrics);
    List<HttpVerticle> loops = new CopyOnWriteArrayList<>();
    return vertx.deployVerticle(() -> {
        var loop = new HttpVerticle(config, tokens, limiter, clusterUp, metrics, sessions, channels);
        loops.add(loop);
        return loop;
      }, new DeploymentOptions().setInstances(config.eventLoops()))
      .map(id -> new HttpLoops(sessions, List.copyOf(loops)))
      .onSuccess(http -> {
        LOG.info("HTTP on port {}, {} event loop(s): {}", http.port(), config.eventLoops(),
          http.loops.stream().map(HttpVerticle::thread).toList());
        Console.announce(config.jwt());
      });
  }

  /** The first half of a drain: readiness turns 503, new connections are refused, every loop's sessions are told to reconnect. */
  public Future<Void> drain() {
    return sessions.drain();
  }

  /** The port actually bound, which every loop shares. */
  public int port() {
    return loops.get(0).port();
  }

  /** The routes every loop serves, in order (each loop has a router of its own, all alike). */
  public List<Route> routes() {
    return loops.get(0).routes();
  }

  /** Open sessions on each loop. */
  public List<Integer> sessionsByLoop() {
    return sessions.byLoop();
  }
}
