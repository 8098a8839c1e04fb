package dev.switchboard.testing;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.switchboard.Gateway;
import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.auth.TokenIssuer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Real gateway nodes in this JVM, clustered over Hazelcast on loopback, sharing one in-memory
 * MongoDB wire server. Each fixture has its own cluster name and port range.
 */
public final class TestCluster implements AutoCloseable {
  public static final String SECRET = "test-secret-0123456789-0123456789-abcdef";

  private final MongoServer mongo;
  /** Between the nodes and the database, when the test cuts it; else null. */
  private final TcpProxy proxy;
  private final String mongoUri;
  private final List<Gateway> nodes = new ArrayList<>();
  private final Vertx tokenVertx = Vertx.vertx();
  private final TokenIssuer issuer;
  private final GatewayConfig config;
  private final JsonObject settings;

  private TestCluster(int size, JsonObject overrides, boolean proxied) {
    mongo = new MongoServer(new MemoryBackend());
    var address = mongo.bind();
    proxy = proxied ? TcpProxy.start(address.getPort()) : null;
    // behind the proxy, a request during a cut fails after 1 s rather than the driver's 5 s, for a quick test
    mongoUri = proxied ? "mongodb://127.0.0.1:" + proxy.port() + "/?serverSelectionTimeoutMS=1000"
      : "mongodb://127.0.0.1:" + address.getPort();
    int base = 20000 + ThreadLocalRandom.current().nextInt(400) * 20;
    settings = new JsonObject()
      .put(ConfigKeys.HTTP_PORT, 0)
      .put(ConfigKeys.MONGO_URI, mongoUri)
      .put(ConfigKeys.MONGO_DB, "test")
      .put(ConfigKeys.CLUSTER_NAME, "test-" + UUID.randomUUID())
      .put(ConfigKeys.CLUSTER_PORT, base)
      .put(ConfigKeys.CLUSTER_MEMBERS, "127.0.0.1:" + base + "-" + (base + size + 2))
      .put(ConfigKeys.JWT_SECRET, SECRET)
      // tests send in bursts far above a person's budget; the tests of the limits set their own
      .put(ConfigKeys.RATE_LIMITS, "none")
      .mergeIn(overrides);
    config = GatewayConfig.from(settings);
    issuer = new TokenIssuer(tokenVertx, config.jwt());
    for (int i = 0; i < size; i++) {
      nodes.add(await(Gateway.start(config)));
    }
  }

  /** Starts {@code size} clustered nodes; blocks until all have joined and deployed. */
  public static TestCluster start(int size) {
    return new TestCluster(size, new JsonObject(), false);
  }

  /** Like {@link #start(int)}, with some configuration keys set otherwise. */
  public static TestCluster start(int size, JsonObject overrides) {
    return new TestCluster(size, overrides, false);
  }

  /**
   * Starts one more node in this JVM, with the cluster's settings; its index. A test that needs a
   * {@link ChildNode} to be alone at first starts the cluster with no node and adds one later.
   */
  public int startNode() {
    nodes.add(await(Gateway.start(config)));
    return nodes.size() - 1;
  }

  /** Like {@link #start(int, JsonObject)}, with the nodes reaching the database through a {@link #database() proxy}. */
  public static TestCluster startBehindProxy(int size, JsonObject overrides) {
    return new TestCluster(size, overrides, true);
  }

  /** The proxy the nodes reach the database through, for a test to cut; only with {@link #startBehindProxy}. */
  public TcpProxy database() {
    return proxy;
  }

  public Gateway node(int index) {
    return nodes.get(index);
  }

  public int port(int index) {
    return nodes.get(index).httpPort();
  }

  public String mongoUri() {
    return mongoUri;
  }

  public GatewayConfig config() {
    return config;
  }

  /** The configuration keys the nodes were started with, for a node started elsewhere to join them. */
  public JsonObject settings() {
    return settings.copy();
  }

  public TokenIssuer issuer() {
    return issuer;
  }

  public String token(String id, Role role, String... depts) {
    return issuer.mint(new Principal(id, "User " + id, role, List.of(depts)), Duration.ofHours(1));
  }

  /** Takes the database away, as an outage would. */
  public void stopMongo() {
    mongo.shutdownNow();
  }

  /** Stops one node (it leaves the cluster), as on SIGTERM. */
  public void stop(int index) {
    await(nodes.get(index).stop());
  }

  @Override
  public void close() {
    nodes.forEach(node -> node.stop().toCompletionStage().toCompletableFuture().exceptionally(e -> null).join());
    tokenVertx.close();
    if (proxy != null) {
      proxy.close();
    }
    mongo.shutdownNow();
  }

  /** A prefix plus a random suffix, so tests sharing a cluster never share ids. */
  public static String fresh(String prefix) {
    return prefix + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Probes every 50 ms until {@code done} holds, and returns the value that satisfied it; after 5 s
   * fails the test, naming what was {@code awaited} and the last value seen. A wait whose condition
   * never holds is a failure here, so no caller can forget to check.
   */
  public static <T> T eventually(String awaited, Supplier<T> probe, Predicate<T> done) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    T value = probe.get();
    while (!done.test(value)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("gave up after 5 s waiting for " + awaited + "; last seen: " + value);
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      value = probe.get();
    }
    return value;
  }

  public static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(60, java.util.concurrent.TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("did not complete: " + e, e);
    }
  }
}
