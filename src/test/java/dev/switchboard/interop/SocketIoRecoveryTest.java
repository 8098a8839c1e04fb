package dev.switchboard.interop;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.store.MongoRecoveryStore;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.EngineIoClient;
import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection state recovery with socket.io-client 4.8.1: a client whose connection is lost comes
 * back with {@code socket.recovered} and gets what it missed from MongoDB, whether it returns to the
 * same node or, after that node died, to another one.
 */
@DisplayName("Socket.IO connection state recovery")
class SocketIoRecoveryTest {
  private static final AtomicLong ROOM_IDS = new AtomicLong(8000);
  private static final int CHECKS = 7;

  @Test
  @DisplayName("a client whose connection dropped comes back recovered, gets the missed messages in order, then live ones, each once")
  void droppedConnection() throws Exception {
    try (var cluster = TestCluster.start(2)) {
      run(cluster, "drop", cluster.port(0), cluster.port(1), null);
    }
  }

  @Test
  @DisplayName("a client whose node was killed comes back through the load balancer to another node, recovered, and misses nothing")
  void deadNode() throws Exception {
    try (var cluster = TestCluster.start(2); var doomed = ChildNode.start(cluster)) {
      run(cluster, "death", doomed.port(), cluster.port(1), doomed);
    }
  }

  @Test
  @DisplayName("a client in two rooms whose connection dropped gets from each only what it had not received: the other room's messages before its last offset are not sent again")
  void twoRooms() throws Exception {
    try (var cluster = TestCluster.start(2)) {
      Parties parties = inRooms(cluster, 2);
      String a = parties.rooms().get(0);
      String b = parties.rooms().get(1);
      var sender = parties.sender();
      var first = parties.recipient();
      String pid = first.reply().getString("pid");
      // one at a time: messages of two rooms may overtake each other on their way
      String offset = null;
      for (String[] message : new String[][] {{a, "A1"}, {b, "B1"}, {a, "A2"}}) {
        offset = relayed(sender.client(), first.client(), message[0], message[1]).getString(2);
      }
      first.client().close();

      send(sender.client(), b, "B2");
      send(sender.client(), a, "A3");
      var back = connect(cluster, 0, first.user(), Role.CUSTOMER, new JsonObject().put("pid", pid).put("offset", offset));
      assertEquals(pid, back.reply().getString("pid"), "recovered: the same private id");
      Set<String> replayed = Set.of(message(back.client()).getJsonObject(1).getString("body"),
        message(back.client()).getJsonObject(1).getString("body"));
      assertEquals(Set.of("B2", "A3"), replayed);
      send(sender.client(), a, "A4");
      assertEquals("A4", message(back.client()).getJsonObject(1).getString("body"), "then the live one, and nothing twice");
      back.client().close();
      sender.client().close();
    }
  }

  @Test
  @DisplayName("a client that joined a second room after messages of the first, and reports an offset of the second, gets back only what came after it in both")
  void secondRoomLater() throws Exception {
    try (var cluster = TestCluster.start(2)) {
      Parties parties = inRooms(cluster, 1);
      var sender = parties.sender().client();
      var recipient = parties.recipient();
      String a = parties.rooms().get(0);
      relayed(sender, recipient.client(), a, "A1");
      String b = room(cluster, recipient.user(), "second room");
      join(sender, b);
      join(recipient.client(), b);
      String offsetOfB1 = relayed(sender, recipient.client(), b, "B1").getString(2);
      relayed(sender, recipient.client(), a, "A2");
      recipient.client().close();

      var back = connect(cluster, 0, recipient.user(), Role.CUSTOMER, new JsonObject()
        .put("pid", recipient.reply().getString("pid")).put("offset", offsetOfB1));
      assertEquals("A2", message(back.client()).getJsonObject(1).getString("body"), "A1 came before B1: it is not sent again");
      send(sender, a, "A3");
      assertEquals("A3", message(back.client()).getJsonObject(1).getString("body"));
      back.client().close();
      sender.close();
    }
  }

  @Test
  @DisplayName("a client that had received nothing of a room it joined while empty gets what it missed there oldest first")
  void fromNothing() throws Exception {
    try (var cluster = TestCluster.start(2)) {
      Parties parties = inRooms(cluster, 1);
      String pid = parties.recipient().reply().getString("pid");
      parties.recipient().client().close();

      for (String body : List.of("M1", "M2")) {
        send(parties.sender().client(), parties.rooms().get(0), body);
      }
      var back = connect(cluster, 0, parties.recipient().user(), Role.CUSTOMER, new JsonObject().put("pid", pid));
      assertEquals(pid, back.reply().getString("pid"));
      assertEquals("M1", message(back.client()).getJsonObject(1).getString("body"));
      assertEquals("M2", message(back.client()).getJsonObject(1).getString("body"));
      back.client().close();
      parties.sender().client().close();
    }
  }

  @Test
  @DisplayName("a comeback the node refuses before it resumes keeps its record: the client's next try is recovered and gets what it missed")
  void refusedComeback() throws Exception {
    try (var cluster = TestCluster.start(2)) {
      Parties parties = inRooms(cluster, 1);
      String user = parties.recipient().user();
      String pid = parties.recipient().reply().getString("pid");
      recordStored(cluster, user);
      parties.recipient().client().close();
      send(parties.sender().client(), parties.rooms().get(0), "M1");

      failNextPersonalChannel(cluster);
      try (var refused = EngineIoClient.connect(cluster.port(0), "/socket.io/")) {
        String reply = hello(refused, cluster, user, Role.CUSTOMER, new JsonObject().put("pid", pid));
        assertTrue(reply.startsWith("44{"), "refused: " + reply);
      }
      var back = connect(cluster, 0, user, Role.CUSTOMER, new JsonObject().put("pid", pid));
      assertEquals(pid, back.reply().getString("pid"), "recovered on the next try");
      assertEquals("M1", message(back.client()).getJsonObject(1).getString("body"));
      back.client().close();
      parties.sender().client().close();
    }
  }

  /** The next subscription of a personal channel on the first node fails, as when its check cannot be answered. */
  private static void failNextPersonalChannel(TestCluster cluster) {
    AtomicBoolean armed = new AtomicBoolean(true);
    cluster.node(0).vertx().eventBus().addOutboundInterceptor(delivery -> {
      if (delivery.message().address().equals(Addresses.authorizer(Addresses.USER_FAMILY)) && armed.compareAndSet(true, false)) {
        delivery.message().fail(503, ErrorCode.STORE_UNAVAILABLE.name() + ": failed by the test");
      } else {
        delivery.next();
      }
    });
  }

  private record Connected(String user, EngineIoClient client, JsonObject reply) {
  }

  /** New rooms, their owner (an agent on the second node) and a recipient (a customer on the first), both in them. */
  private record Parties(List<String> rooms, Connected sender, Connected recipient) {
  }

  private static Parties inRooms(TestCluster cluster, int count) {
    String recipient = "r" + ROOM_IDS.incrementAndGet();
    List<String> rooms = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rooms.add(room(cluster, recipient, "recovery " + recipient + " " + i));
    }
    var sender = connect(cluster, 1, "owner", Role.AGENT, new JsonObject());
    var first = connect(cluster, 0, recipient, Role.CUSTOMER, new JsonObject());
    for (String room : rooms) {
      join(sender.client(), room);
      join(first.client(), room);
    }
    return new Parties(rooms, sender, first);
  }

  private static String room(TestCluster cluster, String member, String name) {
    var created = Rest.post(cluster.port(0), "/rooms", cluster.token("owner", Role.AGENT), new JsonObject()
      .put("id", ROOM_IDS.incrementAndGet()).put("name", name).put("members", new JsonArray().add(member)).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private static Connected connect(TestCluster cluster, int node, String user, Role role, JsonObject auth) {
    var client = EngineIoClient.connect(cluster.port(node), "/socket.io/");
    String reply = hello(client, cluster, user, role, auth);
    assertTrue(reply.startsWith("40{"), reply);
    return new Connected(user, client, new JsonObject(reply.substring(2)));
  }

  /** Sends the namespace's CONNECT with the user's token in its auth; the server's answer. */
  private static String hello(EngineIoClient client, TestCluster cluster, String user, Role role, JsonObject auth) {
    client.send("40" + auth.put("token", cluster.token(user, role)).encode());
    return client.next();
  }

  private static void join(EngineIoClient client, String room) {
    client.send("42[\"internal-chat:join\",{\"roomId\":" + room + "}]");
    while (!client.next().startsWith("42[\"internal-chat:joined\"")) {
      // the user's other events (statuses, presence) until the join's answer
    }
  }

  /** Sends a message and waits for its acknowledgement: it is stored, and on its way to the room. */
  private static void send(EngineIoClient client, String room, String body) {
    client.send("421[\"internal-chat:message\",{\"roomId\":" + room + ",\"body\":\"" + body + "\"}]");
    while (!client.next().startsWith("431[")) {
      // other events until the ack
    }
  }

  /** Sends a message and waits for the recipient to get it; what it got: the event's name and arguments (payload, offset). */
  private static JsonArray relayed(EngineIoClient sender, EngineIoClient recipient, String room, String body) {
    send(sender, room, body);
    JsonArray got = message(recipient);
    assertEquals(body, got.getJsonObject(1).getString("body"));
    return got;
  }

  /** The next room message the client got, as the event's name and arguments (payload, offset). */
  private static JsonArray message(EngineIoClient client) {
    String packet;
    do {
      packet = client.next();
    } while (!packet.startsWith("42[\"internal-chat:message\""));
    return new JsonArray(packet.substring(2));
  }

  /** Waits until the recovery record of {@code userId}'s socket is in the database. */
  private static void recordStored(TestCluster cluster, String userId) {
    Vertx vertx = Vertx.vertx();
    MongoClient mongo = MongoClient.create(vertx, new JsonObject().put("connection_string", cluster.mongoUri())
      .put("db_name", cluster.config().mongoDb()));
    try {
      TestCluster.eventually("the recovery record of " + userId, () -> TestCluster.await(
        mongo.count(MongoRecoveryStore.RECORDS, new JsonObject().put("userId", userId))), count -> count > 0);
    } finally {
      mongo.close();
      vertx.close();
    }
  }

  private static String run(TestCluster cluster, String mode, int recipientPort, int senderPort, ChildNode doomed)
    throws Exception {
    String recipient = "r" + ROOM_IDS.get();
    String sender = "s" + ROOM_IDS.get();
    var room = Rest.post(cluster.port(0), "/rooms", cluster.token(sender, Role.AGENT),
      new JsonObject().put("id", ROOM_IDS.incrementAndGet()).put("name", "recovery " + mode)
        .put("members", new JsonArray().add(recipient)).encode());
    assertEquals(201, room.status());
    return NodeScript.run("socketio-recovery.js", Map.of("MODE", mode, "ROOM", room.body().getString("id"),
      "URL_A", "http://127.0.0.1:" + recipientPort, "URL_B", "http://127.0.0.1:" + senderPort,
      "TOKEN_R", cluster.token(recipient, Role.CUSTOMER), "TOKEN_S", cluster.token(sender, Role.AGENT)), CHECKS,
      (line, answer) -> {
        if (line.equals("KILL") && doomed != null) {
          // what survives the node is what it had stored: its record of the recipient's join, written
          // beside the join's answer, which a slow child JVM may not have finished by now
          recordStored(cluster, recipient);
          doomed.kill();
          answer.accept("killed");
        }
      });
  }
}
