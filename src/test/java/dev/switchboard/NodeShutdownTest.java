package dev.switchboard;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.error.StartupFailure;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@DisplayName("A node shutting down")
class NodeShutdownTest {

  @Test
  @DisplayName("closes its sessions as going away, and the room carries on on the other node")
  void stoppingANode() {
    try (TestCluster cluster = TestCluster.start(2)) {
      String agent = cluster.token("7", Role.AGENT);
      String room = Rest.post(cluster.port(1), "/rooms", agent,
        new JsonObject().put("name", "shutdown").put("members", new JsonArray().add("8")).encode()).body().getString("id");
      int survivor = cluster.port(1);
      try (var leaving = BridgeClient.connect(cluster.port(0), cluster.token("8", Role.CUSTOMER));
           var staying = BridgeClient.connect(survivor, cluster.token("8", Role.CUSTOMER));
           var sender = BridgeClient.connect(survivor, agent)) {
        leaving.joinRoom(room);
        staying.joinRoom(room);

        cluster.stop(0);
        assertEquals(1001, leaving.awaitClose());

        JsonObject sent = sender.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", "still here"));
        assertEquals(sent, staying.nextOn(Addresses.chatRoom(room)).getJsonObject("body"));
        assertEquals(200, Rest.get(survivor, "/ready", null).status());
        assertEquals(1, Rest.get(survivor, "/rooms/" + room + "/messages", agent).body().getJsonArray("messages").size());
      }
    }
  }

  @Test
  @DisplayName("a draining node turns /ready 503, refuses new connections and sends its sessions elsewhere; nothing acknowledged is lost")
  void drainingANode() {
    try (TestCluster cluster = TestCluster.start(2)) {
      String agent = cluster.token("7", Role.AGENT);
      String customer = cluster.token("8", Role.CUSTOMER);
      String room = Rest.post(cluster.port(1), "/rooms", agent,
        new JsonObject().put("name", "drain").put("members", new JsonArray().add("8")).encode()).body().getString("id");
      int draining = cluster.port(0);
      int survivor = cluster.port(1);
      JsonObject acknowledged;
      try (var onDrainingNode = BridgeClient.connect(draining, customer);
           var sender = BridgeClient.connect(draining, agent)) {
        onDrainingNode.joinRoom(room);
        acknowledged = sender.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", "just before"));

        TestCluster.await(cluster.node(0).startDrain());
        assertEquals(1012, onDrainingNode.awaitClose(), "told to reconnect elsewhere");
        assertEquals(1012, sender.awaitClose());
      }
      var ready = Rest.get(draining, "/ready", null);
      assertEquals(503, ready.status());
      assertEquals("DRAINING", ready.body().getString("status"));
      assertEquals("5", ready.header("Retry-After"));
      var refused = Rest.get(draining, "/eventbus/info?token=" + customer, null);
      assertEquals(503, refused.status());
      assertEquals("NODE_DRAINING", refused.errorCode());
      assertEquals("5", refused.header("Retry-After"));

      try (var reconnected = BridgeClient.connect(survivor, customer);
           var sender = BridgeClient.connect(survivor, agent)) {
        reconnected.joinRoom(room);
        JsonObject after = sender.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", "after"));
        assertEquals(after, reconnected.nextOn(Addresses.chatRoom(room)).getJsonObject("body"));
      }
      TestCluster.await(cluster.node(0).drain(Duration.ofSeconds(5)));
      var history = Rest.get(survivor, "/rooms/" + room + "/messages", agent).body().getJsonArray("messages");
      assertEquals(acknowledged, history.getJsonObject(1), "the message acknowledged before the drain is stored");
      assertEquals(200, Rest.get(survivor, "/ready", null).status());
    }
  }

  @Test
  @DisplayName("readiness is down before any session is closed: a /ready asked just before the drain, answered after the close, says 503")
  void readinessTurnsFirst() throws Exception {
    try (TestCluster cluster = TestCluster.start(2)) {
      int draining = cluster.port(0);
      // /ready asks the store for a ping; holding that ping keeps a probe in flight across the drain
      var heldPing = new CompletableFuture<Runnable>();
      cluster.node(0).vertx().eventBus().addOutboundInterceptor(delivery -> {
        if (delivery.message().address().equals(Addresses.STORE_PING) && !heldPing.isDone()) {
          Context context = Vertx.currentContext();
          heldPing.complete(() -> context.runOnContext(v -> delivery.next()));
        } else {
          delivery.next();
        }
      });
      try (var client = BridgeClient.connect(draining, cluster.token("8", Role.CUSTOMER))) {
        var probe = CompletableFuture.supplyAsync(() -> Rest.get(draining, "/ready", null));
        Runnable release = heldPing.get(10, TimeUnit.SECONDS);

        TestCluster.await(cluster.node(0).startDrain());
        assertEquals(1012, client.awaitClose());
        // the client reconnects now; whatever the load balancer hears from here on must send it elsewhere
        assertEquals(503, Rest.get(draining, "/ready", null).status(), "asked after the close");
        release.run();
        var ready = probe.get(10, TimeUnit.SECONDS);
        assertEquals(503, ready.status(), "asked before the drain, answered after the close: " + ready.body().encode());
        assertEquals("DRAINING", ready.body().getString("status"));
      }
    }
  }

  @Test
  @DisplayName("a node with a malformed cluster member list does not start and leaves no database running")
  void malformedMembers(@TempDir Path dataDir) throws Exception {
    int mongoPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      mongoPort = probe.getLocalPort();
    }
    GatewayConfig config = GatewayConfig.from(new JsonObject()
      .put(ConfigKeys.DATA_DIR, dataDir.toString())
      .put(ConfigKeys.EMBEDDED_MONGO_PORT, mongoPort)
      .put(ConfigKeys.CLUSTER_MEMBERS, "127.0.0.1:not-a-port")
      .put(ConfigKeys.JWT_SECRET, TestCluster.SECRET));

    var failure = assertThrows(ExecutionException.class,
      () -> Gateway.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertEquals("cluster member '127.0.0.1:not-a-port' is not host, host:port or host:first-last",
      failure.getCause().getMessage());
    try (ServerSocket again = new ServerSocket(mongoPort, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(mongoPort, again.getLocalPort(), "the embedded database must not have been started");
    }
  }

  @Test
  @DisplayName("a node whose start fails after joining the cluster fails within seconds, and leaves no database running")
  void failureAfterJoining(@TempDir Path dataDir) throws Exception {
    int mongoPort;
    int refusing;
    int clusterPort;
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket other = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
         ServerSocket cluster = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      mongoPort = probe.getLocalPort();
      refusing = other.getLocalPort();
      clusterPort = cluster.getLocalPort();
    }
    GatewayConfig config = GatewayConfig.from(new JsonObject()
      .put(ConfigKeys.DATA_DIR, dataDir.toString())
      .put(ConfigKeys.EMBEDDED_MONGO_PORT, mongoPort)
      .put(ConfigKeys.HTTP_PORT, 0)
      .put(ConfigKeys.CLUSTER_NAME, TestCluster.fresh("failing-"))
      .put(ConfigKeys.CLUSTER_PORT, clusterPort)
      .put(ConfigKeys.CLUSTER_MEMBERS, "127.0.0.1:" + clusterPort)
      .put(ConfigKeys.JWT_ALGORITHM, "RS256")
      .put(ConfigKeys.JWT_JWKS_URL, "http://127.0.0.1:" + refusing + "/jwks.json"));

    // the JWKS is fetched once the cluster is joined, so its failure takes the path that closes the node
    var failure = assertThrows(ExecutionException.class,
      () -> Gateway.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    assertEquals(StartupFailure.class, failure.getCause().getClass());
    try (ServerSocket again = new ServerSocket(mongoPort, 1, InetAddress.getLoopbackAddress())) {
      assertEquals(mongoPort, again.getLocalPort(), "the embedded database must have been stopped");
    }
  }
}
