package dev.switchboard.notifications;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;


import static dev.switchboard.testing.Frames.assertError;
import static dev.switchboard.testing.TestCluster.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Broadcasts from backends and admins on a two-node cluster")
class BroadcastTest extends TwoNodeClusterTest {
  private static JsonObject broadcast(String kind, String id, String event, JsonObject data) {
    return new JsonObject().put("kind", kind).put("id", id).put("event", event).put("data", data);
  }

  @Test
  @DisplayName("a room broadcast reaches the room's sessions on both nodes, as the event it names, with the data as sent")
  void roomBroadcast() {
    String room = fresh("r");
    String agent = cluster.token("a-" + room, Role.AGENT);
    assertEquals(201, Rest.post(cluster.port(A), "/rooms", agent, new JsonObject().put("id", room).put("name", "ops")
      .put("members", new JsonArray().add("m1-" + room).add("m2-" + room)).encode()).status());
    try (var onA = BridgeClient.connect(cluster.port(A), cluster.token("m1-" + room, Role.CUSTOMER));
         var onB = BridgeClient.connect(cluster.port(B), cluster.token("m2-" + room, Role.CUSTOMER));
         var admin = BridgeClient.connect(cluster.port(B), cluster.token(fresh("admin"), Role.ADMIN))) {
      onA.joinRoom(room);
      onB.joinRoom(room);
      JsonObject data = new JsonObject().put("t", 42).put("text", "deploy at noon");
      JsonObject reply = admin.ask(Addresses.BROADCAST, broadcast("room", room, "ops:notice", data));
      assertEquals(Addresses.chatRoom(room), reply.getString("address"));
      for (var member : new BridgeClient[] {onA, onB}) {
        JsonObject frame = member.nextOn(Addresses.chatRoom(room));
        assertEquals("ops:notice", frame.getJsonObject("headers").getString("event"));
        assertEquals(data, frame.getJsonObject("body"));
      }
      JsonObject history = Rest.get(cluster.port(A), "/rooms/" + room + "/messages", agent).body();
      assertEquals(0, history.getJsonArray("messages").size(), "broadcasts are not stored");
    }
  }

  @Test
  @DisplayName("a service's POST /broadcast to everyone reaches sessions on broadcast:all, and a user broadcast only that user")
  void everyoneAndOneUser() {
    String user = fresh("u");
    String service = cluster.token(fresh("svc"), Role.SERVICE);
    try (var target = BridgeClient.connect(cluster.port(A), cluster.token(user, Role.CUSTOMER));
         var bystander = BridgeClient.connect(cluster.port(B), cluster.token(fresh("u"), Role.AGENT))) {
      for (var client : new BridgeClient[] {target, bystander}) {
        client.register(Addresses.BROADCAST_ALL);
      }
      target.register(Addresses.user(user));
      // a refused request after the registers returns only once they took effect
      assertError(target.request(Addresses.BROADCAST, broadcast("all", null, "x", null)), 403, "ACCESS_DENIED");
      assertError(bystander.request(Addresses.BROADCAST, broadcast("all", null, "x", null)), 403, "ACCESS_DENIED");

      var sent = Rest.post(cluster.port(B), "/broadcast", service,
        broadcast("all", null, "maintenance", new JsonObject().put("at", "22:00")).encode());
      assertEquals(202, sent.status(), sent.body().encode());
      for (var client : new BridgeClient[] {target, bystander}) {
        JsonObject frame = client.nextOn(Addresses.BROADCAST_ALL);
        assertEquals("maintenance", frame.getJsonObject("headers").getString("event"));
      }
      assertEquals(202, Rest.post(cluster.port(A), "/broadcast", service,
        broadcast("user", user, "ping", new JsonObject()).encode()).status());
      assertEquals("ping", target.nextOn(Addresses.user(user)).getJsonObject("headers").getString("event"));
      // The marker: a broadcast to everyone, published after the user's by the same node; the only
      // channel the bystander listens on carries it, so anything it had of the user's came first.
      assertEquals(202, Rest.post(cluster.port(A), "/broadcast", service,
        broadcast("all", null, "marker", new JsonObject()).encode()).status());
      bystander.assertNextIs(Frames.event(Addresses.BROADCAST_ALL, "marker"),
        "the marker (the bystander hears nothing of another user's message)");
    }
  }

  @Test
  @DisplayName("customers and agents may not broadcast, and a bad kind, event or data is refused with INVALID_DATA")
  void refusals() {
    String admin = cluster.token(fresh("admin"), Role.ADMIN);
    assertEquals("ACCESS_DENIED", Rest.post(cluster.port(A), "/broadcast", cluster.token(fresh("a"), Role.AGENT),
      broadcast("all", null, "x", null).encode()).errorCode());
    for (JsonObject bad : new JsonObject[] {
      broadcast("planet", "p1", "x", null),
      broadcast("room", null, "x", null),
      broadcast("room", "r1", "has space", null),
      broadcast("room", "r1", "x", null).put("data", "text"),
      broadcast("room", "r1", "x", null).put("extra", true),
      broadcast("room", "{\"$ne\":null}", "x", null),
      broadcast("room", "presence", "x", null),
      broadcast("ticket", "agents", "x", null)}) {
      var response = Rest.post(cluster.port(A), "/broadcast", admin, bad.encode());
      assertEquals(400, response.status(), bad.encode());
      assertEquals("INVALID_DATA", response.errorCode());
    }
  }
}
