package dev.switchboard.core;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.EngineIoClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import java.util.Map;
import java.util.function.Supplier;

import static dev.switchboard.testing.Frames.assertError;
import static dev.switchboard.testing.TestCluster.await;
import static dev.switchboard.testing.TestCluster.eventually;
import static dev.switchboard.testing.TestCluster.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Node A runs two event loops, whatever the machine: each new connection goes to the next loop, and
 * the tests place a client on a loop by connecting until that loop's session count grows. Node B
 * is the other node of the cluster.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Sessions spread over a node's event loops")
class EventLoopsTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int LOOPS = 2;
  private static final String MARKER = "marker";
  private static final List<String> SENT = List.of("one", "two", "three", "end");

  private TestCluster cluster;
  /** Every client the tests open, closed at the end. */
  private final List<AutoCloseable> opened = new ArrayList<>();

  @BeforeAll
  void start() {
    cluster = TestCluster.start(2, new JsonObject().put(ConfigKeys.EVENT_LOOPS, LOOPS));
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  /** Each test counts sessions per loop from none. */
  @AfterEach
  void closeClients() throws Exception {
    for (AutoCloseable client : opened) {
      client.close();
    }
    opened.clear();
    for (int node : List.of(A, B)) {
      eventually("node " + node + "'s sessions closed", () -> total(cluster.node(node).sessionsByLoop()), count -> count == 0);
    }
  }

  @Test
  @DisplayName("a room with members on both loops of node A and on node B hears each event once, each address's events in the order they were sent")
  void eachEventOnceInOrder() {
    String room = room("8");
    List<BridgeClient> devices = new ArrayList<>(onEachLoop(cluster, A, cluster.token("8", Role.CUSTOMER)));
    devices.add(keep(BridgeClient.connect(cluster.port(B), cluster.token("8", Role.CUSTOMER))));
    var sender = keep(BridgeClient.connect(cluster.port(A), cluster.token("7", Role.AGENT)));
    for (BridgeClient device : devices) {
      device.listen(Addresses.user("8"));
      device.joinRoom(room);
    }
    SENT.forEach(text -> sender.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", text)));
    broadcastTo("8");

    // each message is published on the room's channel, then its conversation update multicast to the
    // members' own addresses: every device hears both, once, each address in the order sent, then the
    // marker. The two are cluster publishes to two addresses, which the event bus may deliver in
    // either order (protocol.md, section 2).
    for (BridgeClient device : devices) {
      Map<String, List<String>> heard = new TreeMap<>();
      for (int i = 0; i < 2 * SENT.size(); i++) {
        JsonObject frame = device.next();
        JsonObject body = frame.getJsonObject("body");
        heard.computeIfAbsent(frame.getString("address"), address -> new ArrayList<>())
          .add(body.containsKey("last_message") ? body.getJsonObject("last_message").getString("body") : body.getString("body"));
      }
      assertEquals(new TreeMap<>(Map.of(Addresses.chatRoom(room), SENT, Addresses.user("8"), SENT)), heard);
      device.assertNextIs(Frames.event(Addresses.user("8"), MARKER), "the marker (nothing was heard twice)");
    }
  }

  @Test
  @DisplayName("a kick closes the user's sessions on both loops of node A and on node B, and nobody else's")
  void kickOnEveryLoop() {
    String user = fresh("u");
    String bystander = fresh("u");
    List<BridgeClient> kicked = new ArrayList<>(onEachLoop(cluster, A, cluster.token(user, Role.CUSTOMER)));
    kicked.add(keep(BridgeClient.connect(cluster.port(B), cluster.token(user, Role.CUSTOMER))));
    List<BridgeClient> spared = onEachLoop(cluster, A, cluster.token(bystander, Role.CUSTOMER));

    var answer = Rest.send(cluster.port(B), "/sessions/users/" + user, admin(), "DELETE");
    assertEquals(200, answer.status(), answer.body().encode());
    for (BridgeClient session : kicked) {
      assertEquals(4003, session.awaitClose());
    }
    for (BridgeClient session : spared) {
      assertEquals(bystander, session.ask(Addresses.CHAT_SET_STATUS, new JsonObject().put("status", "online"))
        .getString("userId"), "the bystander's session on each loop still answers");
    }
  }

  @Test
  @DisplayName("a leave is served on the session's loop whichever loop's registry hears it, and a room its opener's loop left still reaches the other")
  void leaveFromAnyLoop() {
    String member = fresh("m");
    List<String> left = List.of(room(member), room(member));
    String kept = room(member);
    List<BridgeClient> devices = onEachLoop(cluster, A, cluster.token(member, Role.CUSTOMER));
    BridgeClient leaver = devices.get(0);
    BridgeClient stayer = devices.get(1);
    // the leaver joins first: its loop opens the rooms' subscriptions
    for (BridgeClient device : devices) {
      left.forEach(device::joinRoom);
    }
    leaver.joinRoom(kept);
    // the node's loops take turns at the leave requests, so one of the two is served by the other loop
    left.forEach(room -> leaver.ask(Addresses.CHAT_LEAVE, new JsonObject().put("roomId", room)));
    var owner = keep(BridgeClient.connect(cluster.port(B), cluster.token("7", Role.AGENT)));
    for (String room : left) {
      owner.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", "after"));
      stayer.assertNextIs(Frames.event(Addresses.chatRoom(room), Addresses.CHAT_MESSAGE), "the message in " + room);
    }
    owner.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", kept).put("body", MARKER));
    leaver.assertNextIs(Frames.event(Addresses.chatRoom(kept), Addresses.CHAT_MESSAGE).and(Frames.withBody("body", MARKER)),
      "the marker in the room it kept (nothing of the rooms it left came)");
  }

  @Test
  @DisplayName("a member removed from a room is dropped from it on both loops, and hears nothing of it after")
  void revokedOnEveryLoop() {
    String member = fresh("m");
    String room = room(member);
    List<BridgeClient> devices = onEachLoop(cluster, A, cluster.token(member, Role.AGENT));
    for (BridgeClient device : devices) {
      device.listen(Addresses.user(member));
      device.joinRoom(room);
    }
    var patched = Rest.send(cluster.port(B), "/rooms/" + room, cluster.token("7", Role.AGENT), "PATCH",
      new JsonObject().put("members", new JsonArray().add("7")).encode());
    assertEquals(200, patched.status(), patched.body().encode());
    keep(BridgeClient.connect(cluster.port(B), cluster.token("7", Role.AGENT)))
      .ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", "you are out"));

    for (BridgeClient device : devices) {
      assertError(device.assertNextIs(Frames.errorOn(Addresses.chatRoom(room)), "the room taken away"), 403, "ACCESS_DENIED");
    }
    broadcastTo(member);
    for (BridgeClient device : devices) {
      device.assertNextIs(Frames.event(Addresses.user(member), MARKER), "the marker (the message after the removal never came)");
    }
  }

  @Test
  @DisplayName("a Socket.IO session upgraded from polling on a connection of the other loop moves to the WebSocket")
  void upgradeOnTheOtherLoop() {
    Vertx vertx = Vertx.vertx();
    Context context = vertx.getOrCreateContext();
    try {
      // one pooled connection: both sessions are opened, and live, on the loop that took it
      HttpClient polling = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(1));
      List<Integer> before = cluster.node(A).sessionsByLoop();
      List<String> sids = List.of(openSocketIo(context, polling), openSocketIo(context, polling));
      List<Integer> after = cluster.node(A).sessionsByLoop();
      assertTrue(after.get(0) - before.get(0) == 2 || after.get(1) - before.get(1) == 2, "both sessions on one loop: " + after);
      // two new connections go to the two loops in turn: one of the upgrades crosses to the other loop
      for (String sid : sids) {
        var upgraded = keep(EngineIoClient.upgrade(cluster.port(A), "/socket.io/", sid));
        upgraded.send("2probe");
        assertEquals("3probe", upgraded.next());
        upgraded.send("5");
        upgraded.send("421[\"notifications:get-unread-count\",{}]");
        String ack = upgraded.next();
        assertTrue(ack.startsWith("431[") && !ack.contains("error"), "the ack, over the WebSocket: " + ack);
        assertEquals(400, on(context, () -> polling.request(pollingAt(HttpMethod.GET, sid)).compose(request -> request.send()))
          .statusCode(), "polling is over for the upgraded session");
      }
    } finally {
      vertx.close();
    }
  }

  @Test
  @DisplayName("each loop closes its own idle sessions, and a drain closes every loop's sessions")
  void idleAndDrainOnEveryLoop() throws InterruptedException {
    long pingTimeoutMs = 1500;
    try (TestCluster node = TestCluster.start(1, new JsonObject().put(ConfigKeys.EVENT_LOOPS, LOOPS)
      .put(ConfigKeys.PING_TIMEOUT_MS, pingTimeoutMs))) {
      String token = node.token("8", Role.CUSTOMER);
      // the pinging ones first: the silent ones must not be closed while the others are placed
      List<BridgeClient> pinging = onEachLoop(node, 0, token);
      List<BridgeClient> silent = onEachLoop(node, 0, token);
      for (int i = 0; i < 8; i++) {
        pinging.forEach(client -> client.raw("{\"type\":\"ping\"}"));
        Thread.sleep(pingTimeoutMs / 3);
      }
      for (BridgeClient client : silent) {
        assertEquals(4000, client.awaitClose(), "an idle session on each loop");
      }
      for (BridgeClient client : pinging) {
        assertEquals("8", client.ask(Addresses.CHAT_SET_STATUS, new JsonObject().put("status", "online")).getString("userId"));
      }

      await(node.node(0).startDrain());
      for (BridgeClient client : pinging) {
        assertEquals(1012, client.awaitClose(), "told to reconnect elsewhere, on each loop");
      }
      assertEquals(503, Rest.get(node.port(0), "/ready", null).status());
    }
  }

  /**
   * One client of {@code node} on each of its loops, in the loops' order. Clients that land on a
   * loop already served are closed; each new connection goes to the next loop, so there are few.
   */
  private List<BridgeClient> onEachLoop(TestCluster nodes, int node, String token) {
    BridgeClient[] placed = new BridgeClient[LOOPS];
    for (int attempt = 0; attempt < 4 * LOOPS && Arrays.asList(placed).contains(null); attempt++) {
      List<Integer> before = nodes.node(node).sessionsByLoop();
      var client = keep(BridgeClient.connect(nodes.port(node), token));
      List<Integer> after = eventually("the new session counted on its loop", () -> nodes.node(node).sessionsByLoop(),
        now -> total(now) == total(before) + 1);
      int loop = 0;
      while (after.get(loop).equals(before.get(loop))) {
        loop++;
      }
      if (placed[loop] == null) {
        placed[loop] = client;
      } else {
        client.close();
        eventually("the extra session gone", () -> total(nodes.node(node).sessionsByLoop()), count -> count == total(before));
      }
    }
    assertTrue(!Arrays.asList(placed).contains(null), "a client on each loop: " + nodes.node(node).sessionsByLoop());
    return List.of(placed);
  }

  private static int total(List<Integer> counts) {
    return counts.stream().mapToInt(Integer::intValue).sum();
  }

  private <T extends AutoCloseable> T keep(T client) {
    opened.add(client);
    return client;
  }

  /** A new room of agent 7 with {@code member} in it. */
  private String room(String member) {
    var created = Rest.post(cluster.port(A), "/rooms", cluster.token("7", Role.AGENT),
      new JsonObject().put("name", fresh("room")).put("members", new JsonArray().add(member)).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private void broadcastTo(String userId) {
    assertEquals(202, Rest.post(cluster.port(B), "/broadcast", admin(), new JsonObject().put("kind", "user").put("id", userId)
      .put("event", MARKER).encode()).status());
  }

  private String admin() {
    return cluster.token("admin", Role.ADMIN);
  }

  /** An Engine.IO handshake and a Socket.IO CONNECT over polling on node A; the sid once connected. */
  private String openSocketIo(Context context, HttpClient polling) {
    String open = pollingRequest(context, polling, HttpMethod.GET, null, null);
    String sid = new JsonObject(open.substring(1)).getString("sid");
    pollingRequest(context, polling, HttpMethod.POST, sid,
      "40" + new JsonObject().put("token", cluster.token(fresh("s"), Role.CUSTOMER)).encode());
    String connected = pollingRequest(context, polling, HttpMethod.GET, sid, null);
    assertTrue(connected.startsWith("40{\"sid\":"), connected);
    return sid;
  }

  private String pollingRequest(Context context, HttpClient polling, HttpMethod method, String sid, String body) {
    return on(context, () -> polling.request(pollingAt(method, sid))
      .compose(request -> body == null ? request.send() : request.send(body))
      .compose(response -> response.body().map(Object::toString)));
  }

  private RequestOptions pollingAt(HttpMethod method, String sid) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(cluster.port(A))
      .setURI("/socket.io/?EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid));
  }

  /** Runs a client's request on its context, as Vert.x's clients want them, and waits for the outcome. */
  private static <T> T on(Context context, Supplier<Future<T>> request) {
    Promise<T> outcome = Promise.promise();
    context.runOnContext(v -> request.get().onComplete(outcome));
    return await(outcome.future());
  }
}
