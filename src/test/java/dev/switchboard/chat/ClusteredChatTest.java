package dev.switchboard.chat;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static dev.switchboard.testing.Frames.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Internal chat on a two-node cluster")
class ClusteredChatTest extends TwoNodeClusterTest {
  private String agent;
  private String customer;
  private String outsider;
  private String admin;

  @BeforeAll
  void mintTokens() {
    agent = cluster.token("7", Role.AGENT, "3");
    customer = cluster.token("8", Role.CUSTOMER);
    outsider = cluster.token("99", Role.CUSTOMER);
    admin = cluster.token("1", Role.ADMIN);
  }

  /** A fresh room with the agent (creator) and the customer in it. */
  private String newRoom() {
    var created = Rest.post(cluster.port(A), "/rooms", agent,
      new JsonObject().put("name", "room " + UUID.randomUUID()).put("members", new JsonArray().add(8)).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private JsonArray history(String roomId) {
    var page = Rest.get(cluster.port(A), "/rooms/" + roomId + "/messages", agent);
    assertEquals(200, page.status(), page.body().encode());
    return page.body().getJsonArray("messages");
  }

  private static JsonObject message(String roomId, String body) {
    return new JsonObject().put("roomId", roomId).put("body", body);
  }

  /** The room's event for the message {@code body}. */
  private static Predicate<JsonObject> said(String roomId, String body) {
    return Frames.event(Addresses.chatRoom(roomId), Addresses.CHAT_MESSAGE).and(Frames.withBody("body", body));
  }

  @Test
  @DisplayName("a message sent on node B reaches a subscriber on node A, stored first, sender from the token")
  void messageCrossesTheCluster() {
    String room = newRoom();
    try (var onA = BridgeClient.connect(cluster.port(A), customer);
         var onB = BridgeClient.connect(cluster.port(B), agent)) {
      onA.joinRoom(room);
      JsonObject sent = onB.ask(Addresses.CHAT_MESSAGE, message(room, "hello across nodes").put("tempId", "t-1"));

      JsonObject event = onA.nextOn(Addresses.chatRoom(room));
      assertEquals("internal-chat:message", event.getJsonObject("headers").getString("event"));
      assertEquals(sent, event.getJsonObject("body"));
      assertEquals("7", sent.getString("senderId"));
      assertEquals("User 7", sent.getString("senderName"));
      assertEquals(1L, sent.getLong("seq"));
      assertEquals("t-1", sent.getString("tempId"));
      assertEquals(sent.getString("id"), history(room).getJsonObject(0).getString("id"));
    }
  }

  @Test
  @DisplayName("a register with the last seq the client has gets the messages after it first, in order, then live ones, each once")
  void registerCatchesUp() {
    String room = newRoom();
    try (var writer = BridgeClient.connect(cluster.port(B), agent)) {
      JsonObject had = writer.ask(Addresses.CHAT_MESSAGE, message(room, "seen before"));
      writer.ask(Addresses.CHAT_MESSAGE, message(room, "missed one"));
      writer.ask(Addresses.CHAT_MESSAGE, message(room, "missed two"));
      try (var returning = BridgeClient.connect(cluster.port(A), customer)) {
        returning.raw(new JsonObject().put("type", "register").put("address", Addresses.chatRoom(room))
          .put("headers", new JsonObject().put("lastSeq", String.valueOf(had.getLong("seq")))).encode());
        writer.ask(Addresses.CHAT_MESSAGE, message(room, "live"));
        returning.assertNextIs(said(room, "missed one"), "the first missed message");
        returning.assertNextIs(said(room, "missed two"), "the second missed message");
        returning.assertNextIs(said(room, "live"), "the live message, once");
        returning.raw(new JsonObject().put("type", "register").put("address", Addresses.chatRoom(room))
          .put("headers", new JsonObject().put("lastSeq", "-1")).encode());
        assertError(returning.next(), 400, "INVALID_DATA");
      }
    }
  }

  @Test
  @DisplayName("the sender gets its message as the reply, and other sessions of the room get it once")
  void senderIsNotEchoed() {
    String room = newRoom();
    try (var sender = BridgeClient.connect(cluster.port(A), agent);
         var sameNode = BridgeClient.connect(cluster.port(A), customer);
         var otherNode = BridgeClient.connect(cluster.port(B), customer)) {
      sender.joinRoom(room);
      sameNode.joinRoom(room);
      otherNode.joinRoom(room);
      sender.ask(Addresses.CHAT_MESSAGE, message(room, "one"));
      assertEquals("one", sameNode.nextOn(Addresses.chatRoom(room)).getJsonObject("body").getString("body"));
      assertEquals("one", otherNode.nextOn(Addresses.chatRoom(room)).getJsonObject("body").getString("body"));

      // Markers: later messages published by node A's chat on the same room channel as "one", so an
      // echo of "one" to the sender, or a second copy to anyone, would have come before them.
      sameNode.ask(Addresses.CHAT_MESSAGE, message(room, "two"));
      sender.assertNextIs(said(room, "two"), "\"two\" (the sender must not receive its own message as an event)");
      otherNode.assertNextIs(said(room, "two"), "\"two\" (\"one\" is delivered once on the other node)");
      sender.ask(Addresses.CHAT_MESSAGE, message(room, "three"));
      sameNode.assertNextIs(said(room, "three"), "\"three\" (\"one\" is delivered once on the sender's node)");
    }
  }

  @Test
  @DisplayName("a senderId or senderName in the payload is ignored")
  void spoofedSenderIgnored() {
    String room = newRoom();
    try (var client = BridgeClient.connect(cluster.port(B), customer)) {
      JsonObject sent = client.ask(Addresses.CHAT_MESSAGE,
        message(room, "it was me").put("senderId", "7").put("senderName", "The Agent"));
      assertEquals("8", sent.getString("senderId"));
      assertEquals("User 8", sent.getString("senderName"));
      assertEquals("8", history(room).getJsonObject(0).getString("senderId"));
    }
  }

  @Test
  @DisplayName("typing reaches the other members with who and when, and is never stored")
  void typingIsNotStored() {
    String room = newRoom();
    try (var typist = BridgeClient.connect(cluster.port(B), customer);
         var reader = BridgeClient.connect(cluster.port(A), agent)) {
      reader.joinRoom(room);
      typist.ask(Addresses.CHAT_TYPING, new JsonObject().put("roomId", room).put("isTyping", true));

      JsonObject typing = reader.nextOn(Addresses.chatRoom(room));
      assertEquals("internal-chat:typing", typing.getJsonObject("headers").getString("event"));
      JsonObject body = typing.getJsonObject("body");
      assertEquals("8", body.getString("userId"));
      assertEquals("User 8", body.getString("userName"));
      assertTrue(body.getBoolean("isTyping"));
      assertTrue(body.getLong("timestamp") > 0);
      assertTrue(history(room).isEmpty(), "typing must not be stored");
      assertEquals(0L, reader.ask(Addresses.CHAT_JOIN, new JsonObject().put("roomId", room)).getLong("lastSeq"));
    }
  }

  @Test
  @DisplayName("resending the same tempId stores nothing new and returns the original")
  void tempIdRetryIsIdempotent() {
    String room = newRoom();
    try (var client = BridgeClient.connect(cluster.port(A), agent);
         var other = BridgeClient.connect(cluster.port(B), customer)) {
      other.joinRoom(room);
      JsonObject first = client.ask(Addresses.CHAT_MESSAGE, message(room, "once").put("tempId", "retry-me"));
      JsonObject second = client.ask(Addresses.CHAT_MESSAGE, message(room, "once").put("tempId", "retry-me"));

      assertEquals(first, second);
      assertEquals(1, history(room).size());
      other.nextOn(Addresses.chatRoom(room));
      // the marker takes the retry's path: the same sender's node, the same room channel
      client.ask(Addresses.CHAT_MESSAGE, message(room, "after").put("tempId", "next"));
      other.assertNextIs(said(room, "after"), "the next message (a retry is not delivered again)");
    }
  }

  @Test
  @DisplayName("the same tempId from another user is another message")
  void tempIdIsPerSender() {
    String room = newRoom();
    try (var one = BridgeClient.connect(cluster.port(A), agent);
         var two = BridgeClient.connect(cluster.port(A), customer)) {
      JsonObject first = one.ask(Addresses.CHAT_MESSAGE, message(room, "a").put("tempId", "same"));
      JsonObject second = two.ask(Addresses.CHAT_MESSAGE, message(room, "b").put("tempId", "same"));
      assertFalse(first.getString("id").equals(second.getString("id")));
      assertEquals(List.of(2L, 1L), history(room).stream().map(m -> ((JsonObject) m).getLong("seq")).toList());
    }
  }

  @Test
  @DisplayName("a user who is not a member is refused on subscribe, join and send, and nothing is stored")
  void outsidersAreRefused() {
    String room = newRoom();
    try (var stranger = BridgeClient.connect(cluster.port(B), outsider)) {
      stranger.register(Addresses.chatRoom(room));
      JsonObject refused = stranger.nextOn(Addresses.chatRoom(room));
      assertEquals("err", refused.getString("type"));
      assertEquals(403, refused.getInteger("failureCode"));
      assertTrue(refused.getString("message").startsWith("ACCESS_DENIED"), refused.encode());

      assertError(stranger.request(Addresses.CHAT_JOIN, new JsonObject().put("roomId", room)), 403, "ACCESS_DENIED");
      assertError(stranger.request(Addresses.CHAT_MESSAGE, message(room, "let me in")), 403, "ACCESS_DENIED");
      assertTrue(history(room).isEmpty());
    }
  }

  @Test
  @DisplayName("an admin may join and write in any room")
  void adminsMayJoinAnyRoom() {
    String room = newRoom();
    try (var boss = BridgeClient.connect(cluster.port(B), admin)) {
      assertEquals(room, boss.joinRoom(room).getString("roomId"));
      assertEquals("1", boss.ask(Addresses.CHAT_MESSAGE, message(room, "admin here")).getString("senderId"));
    }
  }

  @Test
  @DisplayName("join replies the room snapshot: last seq and member count; numbers are read as ids")
  void joinReturnsSnapshot() {
    var created = Rest.post(cluster.port(A), "/rooms", agent,
      "{\"id\": 4711, \"name\": \"numbered\", \"members\": [8]}");
    assertEquals(201, created.status(), created.body().encode());
    assertEquals("4711", created.body().getString("id"));
    try (var client = BridgeClient.connect(cluster.port(B), customer)) {
      client.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", 4711).put("body", "first"));
      JsonObject snapshot = client.ask(Addresses.CHAT_JOIN, new JsonObject().put("roomId", 4711));
      assertEquals("4711", snapshot.getString("roomId"));
      assertEquals(1L, snapshot.getLong("lastSeq"));
      assertEquals(2, snapshot.getInteger("memberCount"));
    }
  }

  @Test
  @DisplayName("after internal-chat:leave the session gets no more events of that room")
  void leaveUnsubscribes() {
    String room = newRoom();
    try (var leaver = BridgeClient.connect(cluster.port(A), customer);
         var stayer = BridgeClient.connect(cluster.port(A), customer);
         var talker = BridgeClient.connect(cluster.port(B), agent)) {
      leaver.joinRoom(room);
      stayer.joinRoom(room);
      assertEquals(room, leaver.ask(Addresses.CHAT_LEAVE, new JsonObject().put("roomId", room)).getString("roomId"));
      talker.ask(Addresses.CHAT_MESSAGE, message(room, "anyone?"));
      // Node A still listens for the stayer, so "anyone?" reaches it; once the stayer has it, node A
      // has handed it to every session it had in the room. The leaver comes back only then, and the
      // next message of the room, from the same sender, must be the first it sees.
      stayer.assertNextIs(said(room, "anyone?"), "\"anyone?\"");
      leaver.joinRoom(room);
      talker.ask(Addresses.CHAT_MESSAGE, message(room, "welcome back"));
      leaver.assertNextIs(said(room, "welcome back"), "\"welcome back\" (nothing sent while it was out)");
    }
  }

  @Test
  @DisplayName("set-status is broadcast as internal-chat:user-status on internal-chat:presence")
  void statusIsBroadcast() {
    try (var watcher = BridgeClient.connect(cluster.port(A), agent);
         var user = BridgeClient.connect(cluster.port(B), customer)) {
      watcher.register(Addresses.CHAT_PRESENCE);
      watcher.request(Addresses.CHAT_SET_STATUS, new JsonObject().put("status", "online"));
      watcher.nextOn(Addresses.CHAT_PRESENCE);
      JsonObject sent = user.ask(Addresses.CHAT_SET_STATUS, new JsonObject().put("status", "offline").put("userId", "7"));
      assertEquals("8", sent.getString("userId"), "the sender is the token's user, not the payload's");

      // presence's own announcements share the channel, earlier tests' late departures among them
      JsonObject status;
      do {
        status = watcher.nextOn(Addresses.CHAT_PRESENCE);
      } while (!sent.equals(status.getJsonObject("body")));
      assertEquals("internal-chat:user-status", status.getJsonObject("headers").getString("event"));
      assertError(user.request(Addresses.CHAT_SET_STATUS, new JsonObject().put("status", "away")), 400, "INVALID_DATA");
    }
  }

  @Test
  @DisplayName("a node holds one cluster subscription per room, however many of its sessions are in it")
  void oneClusterSubscriptionPerRoomPerNode() {
    String room = newRoom();
    String channel = Addresses.roomChannel(Addresses.chatRoom(room));
    try (var a1 = BridgeClient.connect(cluster.port(A), customer);
         var a2 = BridgeClient.connect(cluster.port(A), agent);
         var a3 = BridgeClient.connect(cluster.port(A), customer);
         var b1 = BridgeClient.connect(cluster.port(B), customer)) {
      for (var client : List.of(a1, a2, a3, b1)) {
        client.joinRoom(room);
      }
      assertEquals(2, subscriptions(channel), "one per node");
    }
    TestCluster.eventually("the last session to leave to take the node's subscription with it",
      () -> subscriptions(channel), n -> n == 0);
  }

  @Test
  @DisplayName("bad input gets a coded error frame and stores nothing")
  void badInputIsRefused() {
    String room = newRoom();
    try (var client = BridgeClient.connect(cluster.port(A), agent)) {
      assertError(client.request(Addresses.CHAT_MESSAGE, message(room, "   ")), 400, "INVALID_DATA");
      assertError(client.request(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room)), 400, "INVALID_DATA");
      assertError(client.request(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", 42)), 400, "INVALID_DATA");
      assertError(client.request(Addresses.CHAT_MESSAGE, message(room, "x".repeat(8193))), 413, "PAYLOAD_TOO_LARGE");
      assertError(client.request(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", new JsonObject().put("$ne", null))
        .put("body", "x")), 400, "INVALID_DATA");
      assertError(client.request(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", 1.5).put("body", "x")), 400, "INVALID_DATA");
      assertError(client.request(Addresses.CHAT_TYPING, new JsonObject().put("roomId", room).put("isTyping", "yes")), 400, "INVALID_DATA");
      assertError(client.request("internal-chat:delete-everything", new JsonObject()), 400, "INVALID_DATA");
      assertError(client.request(Addresses.STORE_APPEND_MESSAGE, new JsonObject()), 400, "INVALID_DATA");
      assertError(client.request(Addresses.CHAT_MESSAGE, message("no-such-room", "x")), 404, "ROOM_NOT_FOUND");

      client.raw("this is not json");
      assertError(client.next(), 400, "INVALID_DATA");
      client.raw("{\"type\":\"send\",\"address\":\"internal-chat:message\",\"body\":[1,2]}");
      assertError(client.next(), 400, "INVALID_DATA");
      client.raw("{\"type\":\"explode\",\"address\":\"x\"}");
      assertError(client.next(), 400, "INVALID_DATA");
      client.register("nonsense");
      assertError(client.nextOn("nonsense"), 400, "INVALID_DATA");
      client.register("sb.store.message.append:1");
      assertError(client.nextOn("sb.store.message.append:1"), 400, "INVALID_DATA");
    }
    assertTrue(history(room).isEmpty());
  }

  @Test
  @DisplayName("a closed room refuses new messages and then joins with ROOM_INACTIVE, though the node had it cached, and keeps its history")
  void inactiveRoomRefusesMessages() {
    String room = newRoom();
    try (var client = BridgeClient.connect(cluster.port(B), agent)) {
      client.ask(Addresses.CHAT_JOIN, new JsonObject().put("roomId", room));
      client.ask(Addresses.CHAT_MESSAGE, message(room, "before closing"));
      closeRoom(room);
      assertError(client.request(Addresses.CHAT_MESSAGE, message(room, "after closing")), 409, "ROOM_INACTIVE");
      assertError(client.request(Addresses.CHAT_JOIN, new JsonObject().put("roomId", room)), 409, "ROOM_INACTIVE");
      assertEquals(1, history(room).size());
    }
  }

  @Test
  @DisplayName("whichever node owns a room, its messages from both nodes are numbered 1..N once each, and a member removed on the other node is refused at once")
  void roomOwners() {
    for (String room : roomOwnedByEachNode()) {
      try (var onA = BridgeClient.connect(cluster.port(A), agent); var onB = BridgeClient.connect(cluster.port(B), customer)) {
        List<Long> numbers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
          numbers.add((i % 2 == 0 ? onA : onB).ask(Addresses.CHAT_MESSAGE, message(room, "m" + i)).getLong("seq"));
        }
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), numbers);
        var removed = Rest.send(cluster.port(A), "/rooms/" + room, agent, "PATCH", "{\"members\":[\"7\"]}");
        assertEquals(200, removed.status(), removed.body().encode());
        assertEquals(6L, removed.body().getLong("lastSeq"), "the changed room's answer says where its messages stand");
        assertError(onB.request(Addresses.CHAT_MESSAGE, message(room, "after removal")), 403, "ACCESS_DENIED");
        assertEquals(6, history(room).size());
      }
    }
  }

  /** Two fresh rooms, one owned by each node (rooms are owned by their Hazelcast partition's owner). */
  private List<String> roomOwnedByEachNode() {
    HazelcastInstance hazelcast = hazelcast();
    Map<String, String> byOwner = new HashMap<>();
    for (int i = 0; i < 100 && byOwner.size() < 2; i++) {
      String room = newRoom();
      byOwner.putIfAbsent(hazelcast.getPartitionService().getPartition(room).getOwner().getUuid().toString(), room);
    }
    assertEquals(2, byOwner.size(), "rooms owned by both nodes");
    return List.copyOf(byOwner.values());
  }

  @Test
  @DisplayName("history pages newest first with before and limit, for members only")
  void historyPages() {
    String room = newRoom();
    try (var client = BridgeClient.connect(cluster.port(A), agent)) {
      for (int i = 1; i <= 5; i++) {
        client.ask(Addresses.CHAT_MESSAGE, message(room, "m" + i));
      }
    }
    var newest = Rest.get(cluster.port(B), "/rooms/" + room + "/messages?limit=2", customer);
    assertEquals(List.of(5L, 4L), seqs(newest.body()));
    var older = Rest.get(cluster.port(B), "/rooms/" + room + "/messages?before=4&limit=2", customer);
    assertEquals(List.of(3L, 2L), seqs(older.body()));
    assertEquals(400, Rest.get(cluster.port(B), "/rooms/" + room + "/messages?limit=101", customer).status());
    assertEquals(400, Rest.get(cluster.port(B), "/rooms/" + room + "/messages?before=x", customer).status());
    assertEquals("ACCESS_DENIED", Rest.get(cluster.port(B), "/rooms/" + room + "/messages", outsider).errorCode());
    assertEquals("ROOM_NOT_FOUND", Rest.get(cluster.port(B), "/rooms/nope/messages", agent).errorCode());
    assertEquals("AUTH_REQUIRED", Rest.get(cluster.port(B), "/rooms/" + room + "/messages", null).errorCode());
  }

  @Test
  @DisplayName("POST /rooms is for staff, validates its input and adds the creator")
  void createRoomValidates() {
    int port = cluster.port(B);
    var created = Rest.post(port, "/rooms", agent, "{\"name\":\"ops\",\"members\":[8,\"9\"]}");
    assertEquals(201, created.status());
    assertEquals(new JsonArray().add("8").add("9").add("7"), created.body().getJsonArray("members"));
    assertTrue(created.body().getBoolean("active"));

    assertEquals(403, Rest.post(port, "/rooms", customer, "{\"name\":\"x\",\"members\":[]}").status());
    assertEquals("INVALID_DATA", Rest.post(port, "/rooms", agent, "{\"members\":[]}").errorCode());
    assertEquals("INVALID_DATA", Rest.post(port, "/rooms", agent, "{\"name\":\"x\",\"members\":[],\"admin\":true}").errorCode());
    assertEquals("INVALID_DATA", Rest.post(port, "/rooms", agent, "{\"name\":\"x\",\"members\":[{\"$gt\":\"\"}]}").errorCode());
    assertEquals("INVALID_DATA", Rest.post(port, "/rooms", agent, "not json").errorCode());
    assertEquals("INVALID_DATA", Rest.post(port, "/rooms", agent, "{\"id\":\"presence\",\"name\":\"x\",\"members\":[]}").errorCode());
    assertEquals("PAYLOAD_TOO_LARGE", Rest.post(port, "/rooms", agent,
      "{\"name\":\"" + "x".repeat(70_000) + "\",\"members\":[]}").errorCode());
    var again = Rest.post(port, "/rooms", agent, "{\"id\":\"dup-1\",\"name\":\"x\",\"members\":[]}");
    assertEquals(201, again.status());
    assertEquals("ROOM_EXISTS", Rest.post(port, "/rooms", agent, "{\"id\":\"dup-1\",\"name\":\"y\",\"members\":[]}").errorCode());
  }

  @Test
  @DisplayName("/metrics exposes the gateway's meters after traffic, with no room, user or token in any label")
  void metricsAfterTraffic() throws Exception {
    String room = newRoom();
    String distinctiveUser = "metrics-user-" + UUID.randomUUID();
    String token = cluster.token(distinctiveUser, Role.ADMIN);
    try (var sender = BridgeClient.connect(cluster.port(A), token);
         var reader = BridgeClient.connect(cluster.port(A), customer)) {
      reader.joinRoom(room);
      sender.ask(Addresses.CHAT_MESSAGE, message(room, "counted"));
      reader.nextOn(Addresses.chatRoom(room));
      sender.request(Addresses.CHAT_MESSAGE, message(room, " "));

      String metrics = Rest.getText(cluster.port(A), "/metrics");
      for (String expected : List.of("switchboard_sessions{transport=\"websocket\"} 2.0", "switchboard_rooms ",
        "switchboard_deliveries_total ", "switchboard_frames_refused_total{code=\"INVALID_DATA\"}",
        "switchboard_store_write_seconds_count{op=\"message.append\"}", "switchboard_store_batch_size_count ",
        "switchboard_cluster_members 2.0", "switchboard_http_requests_seconds_count{code=\"201\",method=\"POST\"}",
        "jvm_memory_used_bytes")) {
        assertTrue(metrics.contains(expected), "missing " + expected);
      }
      for (String unbounded : List.of(room, distinctiveUser, token, "sb.room.", "internal-chat:")) {
        assertFalse(metrics.contains(unbounded), "a label carries " + unbounded);
      }
    }
  }

  @Test
  @DisplayName("/metrics publishes REST and store-write latency as histograms, so p95 and p99 can be read from the buckets")
  void latencyHistograms() {
    String room = newRoom();
    try (var sender = BridgeClient.connect(cluster.port(A), agent)) {
      sender.ask(Addresses.CHAT_MESSAGE, message(room, "timed"));
    }
    String metrics = Rest.getText(cluster.port(A), "/metrics");
    for (String histogram : List.of("switchboard_http_requests_seconds_bucket{code=\"201\",method=\"POST\",le=\"",
      "switchboard_store_write_seconds_bucket{op=\"message.append\",le=\"")) {
      List<String> buckets = metrics.lines().filter(line -> line.startsWith(histogram)).toList();
      assertTrue(buckets.size() >= 10, "buckets of " + histogram + ": " + buckets);
      assertTrue(buckets.get(buckets.size() - 1).startsWith(histogram + "+Inf\"}"), "the last bucket is +Inf: " + buckets);
      assertFalse(buckets.get(buckets.size() - 1).endsWith(" 0.0"), "the +Inf bucket counts every request: " + buckets);
    }
  }

  @Test
  @DisplayName("/health and /ready answer without a token")
  void healthAndReadiness() {
    assertEquals(200, Rest.get(cluster.port(A), "/health", null).status());
    var ready = Rest.get(cluster.port(B), "/ready", null);
    assertEquals(200, ready.status());
    assertTrue(ready.body().getBoolean("cluster"));
    assertTrue(ready.body().getBoolean("store"));
  }

  private static List<Long> seqs(JsonObject page) {
    return page.getJsonArray("messages").stream().map(m -> ((JsonObject) m).getLong("seq")).toList();
  }


  private int subscriptions(String channel) {
    return hazelcast().getMultiMap("__vertx.subs").get(channel).size();
  }

  private HazelcastInstance hazelcast() {
    String name = cluster.config().cluster().name();
    return Hazelcast.getAllHazelcastInstances().stream()
      .filter(h -> h.getConfig().getClusterName().equals(name)).findFirst().orElseThrow();
  }

  /** Closes the room through the other node than the client's, whose chat has the room cached. */
  private void closeRoom(String room) {
    var closed = Rest.send(cluster.port(A), "/rooms/" + room, agent, "PATCH", "{\"active\":false}");
    assertEquals(200, closed.status(), closed.body().encode());
  }
}
