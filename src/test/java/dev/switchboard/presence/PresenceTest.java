package dev.switchboard.presence;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.EngineIoClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static dev.switchboard.testing.Frames.assertError;
import static dev.switchboard.testing.TestCluster.eventually;
import static dev.switchboard.testing.TestCluster.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Presence on a two-node cluster")
public class PresenceTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final long HEARTBEAT_MS = 500;

  private TestCluster cluster;

  @BeforeAll
  void startCluster() {
    cluster = TestCluster.start(2, new JsonObject().put(ConfigKeys.PRESENCE_HEARTBEAT_MS, HEARTBEAT_MS));
  }

  @AfterAll
  void stopCluster() {
    cluster.close();
  }

  /** The next user-status event about {@code userId} on the presence channel. */
  public static String nextStatusOf(BridgeClient observer, String userId) {
    return nextStatus(observer, Addresses.CHAT_PRESENCE, "userId", userId);
  }

  /** The next status on {@code channel} whose {@code idField} is {@code id}: the channel carries everyone's changes. */
  private static String nextStatus(BridgeClient client, String channel, String idField, String id) {
    while (true) {
      JsonObject body = client.nextOn(channel).getJsonObject("body");
      if (id.equals(body.getString(idField))) {
        return body.getString("status");
      }
    }
  }

  /**
   * The statuses about {@code userId} the observer hears before a marker's: a fresh user who connects
   * to node {@code markerNode} now. The observer's node tells its sessions each change in the order it
   * merges them, and merges another node's news in the order that node sent it; so whatever the
   * observer's node had worked out, or the marker's node had said, about {@code userId} before the
   * marker is heard before the marker's "online". Other users' changes share the channel (an earlier
   * test's late departures among them) and are skipped.
   */
  static List<String> statusesBeforeMarker(TestCluster cluster, int markerNode, BridgeClient observer, String userId) {
    String marker = fresh("marker");
    // the marker is this connection's coming online; it closes once the marker is heard
    var markerClient = BridgeClient.connect(cluster.port(markerNode), cluster.token(marker, Role.CUSTOMER));
    try (markerClient) {
      List<String> statuses = new ArrayList<>();
      while (true) {
        JsonObject body = observer.nextOn(Addresses.CHAT_PRESENCE).getJsonObject("body");
        if (marker.equals(body.getString("userId"))) {
          return statuses;
        }
        if (userId.equals(body.getString("userId"))) {
          statuses.add(body.getString("status"));
        }
      }
    }
  }

  private JsonObject presenceOf(int node, String userId) {
    return Rest.get(cluster.port(node), "/presence/users/" + userId, cluster.token(fresh("q"), Role.SERVICE)).body();
  }

  @Test
  @DisplayName("a user with a device on each node stays online until the last one closes, and each flip is told once")
  void multiDevice() {
    String user = fresh("u");
    try (var observer = BridgeClient.connect(cluster.port(A), cluster.token(fresh("obs"), Role.AGENT))) {
      observer.listen(Addresses.CHAT_PRESENCE);
      var phone = BridgeClient.connect(cluster.port(A), cluster.token(user, Role.CUSTOMER));
      assertEquals("online", nextStatusOf(observer, user));
      var laptop = BridgeClient.connect(cluster.port(B), cluster.token(user, Role.CUSTOMER));
      JsonObject both = eventually("both devices counted on node A", () -> presenceOf(A, user),
        p -> p.getInteger("connections") == 2);
      assertEquals(new JsonObject().put("userId", user).put("online", true).put("connections", 2), both);

      phone.close();
      JsonObject one = eventually("the phone's close counted on node B", () -> presenceOf(B, user),
        p -> p.getInteger("connections") == 1);
      assertTrue(one.getBoolean("online"), "still online on the laptop: " + one.encode());
      // node B counting one device means node A handled the phone's close; the marker comes after
      assertEquals(List.of(), statusesBeforeMarker(cluster, B, observer, user), "no flip while one device is left");

      laptop.close();
      assertEquals("offline", nextStatusOf(observer, user));
      assertEquals(List.of(), statusesBeforeMarker(cluster, B, observer, user), "offline is told once");
      assertFalse(presenceOf(A, user).getBoolean("online"));
    }
  }

  @Test
  @DisplayName("a customer sees the presence of the agents of its own tickets and whether anyone is available, not the rest of the team")
  void customersSeeTheirAgentsOnly() {
    String customerId = fresh("c");
    String theirs = fresh("theirs");
    String stranger = fresh("stranger");
    String customer = cluster.token(customerId, Role.CUSTOMER);
    String ticket = Rest.post(cluster.port(A), "/tickets", customer, "{\"subject\":\"who is there\"}").body().getString("id");
    var assigned = Rest.send(cluster.port(A), "/tickets/" + ticket, cluster.token(fresh("admin"), Role.ADMIN), "PATCH",
      "{\"assignedTo\":\"" + theirs + "\"}");
    assertEquals(200, assigned.status(), assigned.body().encode());
    try (var agent = BridgeClient.connect(cluster.port(A), cluster.token(theirs, Role.AGENT));
         var other = BridgeClient.connect(cluster.port(B), cluster.token(stranger, Role.AGENT));
         var client = BridgeClient.connect(cluster.port(B), customer)) {
      other.ask(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "available"));
      agent.ask(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "busy"));
      String service = cluster.token(fresh("svc"), Role.SERVICE);
      eventually("both agents online on node B", () -> presenceOf(B, stranger).getBoolean("online")
        && presenceOf(B, theirs).getBoolean("online"), online -> online);

      JsonArray listed = client.request(Addresses.PRESENCE_GET_ONLINE_USERS, new JsonObject()).getJsonArray("body");
      var ids = listed.stream().map(user -> ((JsonObject) user).getString("userId")).collect(java.util.stream.Collectors.toSet());
      assertEquals(java.util.Set.of(customerId, theirs), ids, "itself and the agent of its ticket");
      assertEquals(200, Rest.get(cluster.port(B), "/presence/users/" + theirs, customer).status());
      assertEquals("ACCESS_DENIED", Rest.get(cluster.port(B), "/presence/users/" + stranger, customer).errorCode());
      assertEquals(200, Rest.get(cluster.port(B), "/presence/users/" + stranger, service).status(), "backends see all");

      JsonObject statuses = Rest.get(cluster.port(B), "/agents/status", customer).body();
      assertEquals(List.of(theirs), statuses.getJsonArray("agents").stream()
        .map(status -> ((JsonObject) status).getString("agentId")).toList());
      assertTrue(statuses.getBoolean("available"), "someone is available, though not its own agent");

      for (String channel : List.of(Addresses.PRESENCE_ONLINE_USERS, Addresses.CHAT_PRESENCE)) {
        client.register(channel);
        assertEquals(403, client.nextOn(channel).getInteger("failureCode"), channel);
      }
    }
  }

  @Test
  @DisplayName("presence:get-online-users lists who is online on any node, and presence:online-users follows changes")
  void onlineList() {
    String agent = fresh("a");
    try (var follower = BridgeClient.connect(cluster.port(B), cluster.token(fresh("f"), Role.AGENT))) {
      follower.listen(Addresses.PRESENCE_ONLINE_USERS);
      try (var onA = BridgeClient.connect(cluster.port(A), cluster.token(agent, Role.AGENT))) {
        JsonArray update;
        do {
          update = follower.nextOn(Addresses.PRESENCE_ONLINE_USERS).getJsonObject("body").getJsonArray("onlineUsers");
        } while (update.stream().noneMatch(u -> agent.equals(((JsonObject) u).getString("userId"))));
        JsonObject entry = update.stream().map(JsonObject.class::cast)
          .filter(u -> agent.equals(u.getString("userId"))).findFirst().orElseThrow();
        assertEquals("agent", entry.getString("userType"));
        assertTrue(entry.getString("lastSeen").endsWith("Z"), "lastSeen is an ISO instant");

        JsonObject reply = follower.request(Addresses.PRESENCE_GET_ONLINE_USERS, new JsonObject());
        JsonArray list = reply.getJsonArray("body");
        assertTrue(list.stream().anyMatch(u -> agent.equals(((JsonObject) u).getString("userId"))), list.encode());
        assertEquals("online", onA.ask(Addresses.PRESENCE_HEARTBEAT, new JsonObject()).getString("status"));
      }
    }
  }

  @Test
  @DisplayName("admins see cluster-wide stats over REST and on admin:stats; nobody else may")
  void stats() {
    String admin = cluster.token(fresh("admin"), Role.ADMIN);
    String customer = cluster.token(fresh("c"), Role.CUSTOMER);
    assertEquals("ACCESS_DENIED", Rest.get(cluster.port(A), "/stats", customer).errorCode());
    try (var adminSession = BridgeClient.connect(cluster.port(A), admin);
         var other = BridgeClient.connect(cluster.port(B), customer)) {
      other.register(Addresses.ADMIN_STATS);
      assertError(other.nextOn(Addresses.ADMIN_STATS), 403, "ACCESS_DENIED");
      adminSession.listen(Addresses.ADMIN_STATS);
      JsonObject update = adminSession.nextOn(Addresses.ADMIN_STATS);
      assertEquals(Addresses.ROOM_STATS_UPDATE, update.getJsonObject("headers").getString("event"));
      assertTrue(update.getJsonObject("body").getInteger("totalUsers") >= 2, update.encode());

      JsonObject stats = eventually("node B's stats to count both nodes and both connections",
        () -> Rest.get(cluster.port(B), "/stats", admin).body(),
        s -> s.getInteger("nodes") == 2 && s.getInteger("totalConnections") >= 2);
      assertTrue(stats.getInteger("users") >= 2, stats.encode());
      assertTrue(stats.containsKey("rooms") && stats.containsKey("activeRooms"), stats.encode());
    }
  }

  @Test
  @DisplayName("an admin's DELETE /sessions/users/{id} closes that user's sessions on every node")
  void disconnectEverywhere() {
    String user = fresh("u");
    String admin = cluster.token(fresh("admin"), Role.ADMIN);
    try (var onA = BridgeClient.connect(cluster.port(A), cluster.token(user, Role.CUSTOMER));
         var onB = BridgeClient.connect(cluster.port(B), cluster.token(user, Role.CUSTOMER))) {
      eventually("both sessions counted on node A", () -> presenceOf(A, user), p -> p.getInteger("connections") == 2);
      assertEquals("ACCESS_DENIED", Rest.send(cluster.port(A), "/sessions/users/" + user,
        cluster.token(fresh("a"), Role.AGENT), "DELETE").errorCode());
      var kicked = Rest.send(cluster.port(A), "/sessions/users/" + user, admin, "DELETE");
      assertEquals(200, kicked.status(), kicked.body().encode());
      assertEquals(2, kicked.body().getInteger("connections"));
      assertEquals(4003, onA.awaitClose());
      assertEquals(4003, onB.awaitClose());
      eventually("the user offline on node A", () -> presenceOf(A, user), p -> !p.getBoolean("online"));
    }
  }

  @Test
  @DisplayName("a kick revokes the user's tokens issued before it, on the bridge, REST and Socket.IO of every node; a new token works")
  void kickRevokesTokens() {
    String user = fresh("u");
    String token = cluster.token(user, Role.CUSTOMER);
    String bystander = cluster.token(fresh("u"), Role.CUSTOMER);
    try (var session = BridgeClient.connect(cluster.port(B), token)) {
      assertEquals(200, Rest.send(cluster.port(A), "/sessions/users/" + user, cluster.token(fresh("admin"), Role.ADMIN),
        "DELETE").status());
      assertEquals(4003, session.awaitClose());
    }
    String revoked = "the token was revoked: its user was disconnected by an administrator; sign in again for a new one";
    for (int node : List.of(A, B)) {
      var bridge = Rest.get(cluster.port(node), "/eventbus/info?token=" + token, null);
      assertEquals(401, bridge.status());
      assertEquals(revoked, bridge.body().getJsonObject("error").getString("message"));
      var rest = Rest.get(cluster.port(node), "/tickets", token);
      assertEquals("AUTH_REQUIRED", rest.errorCode());
      assertEquals(revoked, rest.body().getJsonObject("error").getString("message"));
      try (var socketIo = EngineIoClient.connect(cluster.port(node), "/socket.io/")) {
        socketIo.send("40" + new JsonObject().put("token", token).encode());
        assertEquals("44" + new JsonObject().put("message", "AUTH_REQUIRED: " + revoked)
          .put("data", new JsonObject().put("code", "AUTH_REQUIRED")).encode(), socketIo.next());
      }
      assertEquals(200, Rest.get(cluster.port(node), "/tickets", bystander).status(), "another user's token is untouched");
    }
    // iat counts whole seconds: a token minted in the second of the kick is refused too, the next second's works
    eventually("a token minted after the kick let in", () -> Rest.get(cluster.port(B), "/tickets",
      cluster.token(user, Role.CUSTOMER)).status(), status -> status == 200);
    try (var again = BridgeClient.connect(cluster.port(A), cluster.token(user, Role.CUSTOMER))) {
      again.ask(Addresses.PRESENCE_HEARTBEAT, new JsonObject());
    }
  }

  @Test
  @DisplayName("an agent who disconnects everywhere is told offline on the agents channel and leaves /agents/status")
  void agentGoesOffline() {
    String agent = fresh("a");
    String token = cluster.token(agent, Role.AGENT);
    try (var staff = BridgeClient.connect(cluster.port(B), cluster.token(fresh("admin"), Role.ADMIN))) {
      staff.listen(Addresses.SUPPORT_AGENTS);
      var session = BridgeClient.connect(cluster.port(A), token);
      session.ask(Addresses.SUPPORT_AGENT_STATUS, new JsonObject().put("status", "available"));
      assertEquals("available", nextStatus(staff, Addresses.SUPPORT_AGENTS, "agentId", agent));
      session.close();
      assertEquals("offline", nextStatus(staff, Addresses.SUPPORT_AGENTS, "agentId", agent));
      eventually("the agent gone from /agents/status", () -> Rest.get(cluster.port(A), "/agents/status", token).body()
        .getJsonArray("agents"), list -> list.stream().noneMatch(a -> agent.equals(((JsonObject) a).getString("agentId"))));
    }
  }
}
