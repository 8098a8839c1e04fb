package dev.switchboard.fanout;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.EngineIoClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static dev.switchboard.testing.Frames.assertError;
import static dev.switchboard.testing.TestCluster.fresh;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Access taken away drops the subscriptions it allowed, on every node, at once")
class AccessRevocationTest extends TwoNodeClusterTest {
  private static final String MARKER = "marker";

  @Test
  @DisplayName("an agent taken off a ticket is told ACCESS_DENIED on node B, and hears nothing of the ticket after")
  void reassignedAgent() {
    String agentId = fresh("a");
    String ticketId = openTicket(fresh("nobodys"), fresh("c"));
    patchTicket(ticketId, new JsonObject().put("assignedTo", agentId));
    assertTakenOff(ticketId, agentId, cluster.token(agentId, Role.AGENT, fresh("other")),
      new JsonObject().put("assignedTo", fresh("a")));
  }

  @Test
  @DisplayName("an agent of a department loses a ticket moved to another department")
  void ticketMovedToAnotherDepartment() {
    String dept = fresh("d");
    String agentId = fresh("a");
    String ticketId = openTicket(dept, fresh("c"));
    assertTakenOff(ticketId, agentId, cluster.token(agentId, Role.AGENT, dept),
      new JsonObject().put("departmentId", dept + "x"));
  }

  @Test
  @DisplayName("a member removed from a room is dropped from it on node B, over the bridge and Socket.IO; closing it drops the rest")
  void removedRoomMember() {
    String ownerId = fresh("owner");
    String owner = cluster.token(ownerId, Role.AGENT);
    String leaverId = fresh("m");
    String ioLeaverId = fresh("m");
    String stayerId = fresh("m");
    String roomId = fresh("r");
    String room = Addresses.chatRoom(roomId);
    assertEquals(201, Rest.post(cluster.port(A), "/rooms", owner, new JsonObject().put("id", roomId).put("name", "ops")
      .put("members", new JsonArray().add(leaverId).add(ioLeaverId).add(stayerId)).encode()).status());
    try (var leaver = BridgeClient.connect(cluster.port(B), cluster.token(leaverId, Role.AGENT));
         var ioLeaver = socketIoMember(ioLeaverId, roomId);
         var stayer = BridgeClient.connect(cluster.port(A), cluster.token(stayerId, Role.AGENT))) {
      leaver.listen(Addresses.user(leaverId));
      leaver.joinRoom(roomId);
      stayer.joinRoom(roomId);

      var patched = Rest.send(cluster.port(A), "/rooms/" + roomId, owner, "PATCH",
        new JsonObject().put("members", new JsonArray().add(ownerId).add(stayerId)).encode());
      assertEquals(200, patched.status(), patched.body().encode());
      assertEquals(new JsonArray().add(ownerId).add(stayerId), patched.body().getJsonArray("members"));
      stayer.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", roomId).put("body", "you are out"));

      JsonObject refused = leaver.assertNextIs(Frames.errorOn(room), "the room taken away");
      assertError(refused, 403, "ACCESS_DENIED");
      assertEquals("ACCESS_DENIED: not a member of room " + roomId, refused.getString("message"));
      broadcastTo(leaverId);
      leaver.assertNextIs(Frames.event(Addresses.user(leaverId), MARKER), "the marker (the message after the removal never came)");

      JsonObject error = eventArgument(ioLeaver, "error");
      assertEquals("ACCESS_DENIED", error.getString("code"));
      assertEquals(room, error.getString("address"));
      broadcastTo(ioLeaverId);
      assertFalse(eventArgument(ioLeaver, MARKER).containsKey(Addresses.CHAT_MESSAGE),
        "the marker, and no message of the room before it");

      var closed = Rest.send(cluster.port(A), "/rooms/" + roomId, owner, "PATCH", "{\"active\":false}");
      assertEquals(false, closed.body().getBoolean("active"), closed.body().encode());
      assertError(stayer.assertNextIs(Frames.errorOn(room), "the closed room taken away"), 409, "ROOM_INACTIVE");
    }
  }

  @Test
  @DisplayName("PATCH /rooms/{id} is for staff who may see the room, and refuses bad changes")
  void roomPatchRules() {
    String ownerId = fresh("owner");
    String owner = cluster.token(ownerId, Role.AGENT);
    String roomId = fresh("r");
    Rest.post(cluster.port(A), "/rooms", owner, new JsonObject().put("id", roomId).put("name", "ops")
      .put("members", new JsonArray()).encode());
    String path = "/rooms/" + roomId;
    assertEquals("ACCESS_DENIED", Rest.send(cluster.port(B), path, cluster.token(ownerId, Role.CUSTOMER), "PATCH",
      "{\"name\":\"mine\"}").errorCode());
    assertEquals("ACCESS_DENIED", Rest.send(cluster.port(B), path, cluster.token(fresh("a"), Role.AGENT), "PATCH",
      "{\"name\":\"mine\"}").errorCode());
    assertEquals("INVALID_DATA", Rest.send(cluster.port(B), path, owner, "PATCH", "{}").errorCode());
    assertEquals("INVALID_DATA", Rest.send(cluster.port(B), path, owner, "PATCH", "{\"lastSeq\":9}").errorCode());
    assertEquals("INVALID_DATA", Rest.send(cluster.port(B), path, owner, "PATCH", "{\"members\":\"all\"}").errorCode());
    assertEquals("INVALID_DATA", Rest.send(cluster.port(B), path, owner, "PATCH", "{\"active\":\"no\"}").errorCode());
    assertEquals("ROOM_NOT_FOUND", Rest.send(cluster.port(B), "/rooms/" + fresh("none"), cluster.token(fresh("ad"), Role.ADMIN),
      "PATCH", "{\"name\":\"x\"}").errorCode());
    var renamed = Rest.send(cluster.port(B), path, owner, "PATCH", "{\"name\":\"Operations\"}");
    assertEquals(200, renamed.status(), renamed.body().encode());
    assertEquals("Operations", renamed.body().getString("name"));
    assertTrue(renamed.body().getBoolean("active"));
  }

  /**
   * The agent on node B hears the ticket and its own address; {@code change} on node A takes the
   * ticket away; a customer's message follows. The agent hears the update, then the refusal, and
   * nothing more of the ticket: the marker on its own address comes next. The customer hears both.
   */
  private void assertTakenOff(String ticketId, String agentId, String agentToken, JsonObject change) {
    String room = Addresses.ticketRoom(ticketId);
    JsonObject ticket = Rest.get(cluster.port(A), "/tickets/" + ticketId, admin()).body();
    String customer = cluster.token(ticket.getString("customerId"), Role.CUSTOMER);
    try (var agent = BridgeClient.connect(cluster.port(B), agentToken);
         var watcher = BridgeClient.connect(cluster.port(B), customer)) {
      agent.listen(Addresses.user(agentId));
      agent.listen(room);
      watcher.listen(room);

      patchTicket(ticketId, change);
      assertEquals(201, Rest.post(cluster.port(A), "/tickets/" + ticketId + "/messages", customer,
        "{\"body\":\"still broken\"}").status());

      agent.assertNextIs(Frames.event(room, Addresses.SUPPORT_TICKET_UPDATE), "the change itself");
      JsonObject refused = agent.assertNextIs(Frames.errorOn(room), "the ticket taken away");
      assertError(refused, 403, "ACCESS_DENIED");
      broadcastTo(agentId);
      agent.assertNextIs(Frames.event(Addresses.user(agentId), MARKER), "the marker (the customer's message never came)");

      watcher.assertNextIs(Frames.event(room, Addresses.SUPPORT_TICKET_UPDATE), "the change");
      watcher.assertNextIs(Frames.event(room, Addresses.SUPPORT_MESSAGE), "the customer's own message (still theirs)");
    }
    assertEquals(403, Rest.get(cluster.port(B), "/tickets/" + ticketId, agentToken).status());
  }

  private String openTicket(String dept, String customerId) {
    var created = Rest.post(cluster.port(A), "/tickets", cluster.token(customerId, Role.CUSTOMER),
      new JsonObject().put("subject", "help").put("departmentId", dept).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private void patchTicket(String ticketId, JsonObject change) {
    var patched = Rest.send(cluster.port(A), "/tickets/" + ticketId, admin(), "PATCH", change.encode());
    assertEquals(200, patched.status(), patched.body().encode());
  }

  private void broadcastTo(String userId) {
    assertEquals(202, Rest.post(cluster.port(A), "/broadcast", admin(), new JsonObject().put("kind", "user").put("id", userId)
      .put("event", MARKER).encode()).status());
  }

  private String admin() {
    return cluster.token("admin", Role.ADMIN);
  }

  /** A Socket.IO socket on node B, joined to the room. */
  private EngineIoClient socketIoMember(String userId, String roomId) {
    var client = EngineIoClient.connect(cluster.port(B), "/socket.io/");
    client.send("40" + new JsonObject().put("token", cluster.token(userId, Role.AGENT)).encode());
    assertTrue(client.next().startsWith("40{"));
    client.send("42" + new JsonArray().add("internal-chat:join").add(new JsonObject().put("roomId", roomId)).encode());
    eventArgument(client, "internal-chat:joined");
    return client;
  }

  /**
   * The first argument of the next event named {@code event}, skipping the channels' news (presence);
   * if a room message came first, the argument holds it under its event name.
   */
  private static JsonObject eventArgument(EngineIoClient client, String event) {
    while (true) {
      String packet = client.next();
      if (packet.startsWith("42")) {
        JsonArray data = new JsonArray(packet.substring(2));
        if (event.equals(data.getString(0))) {
          return data.getJsonObject(1);
        }
        if (Addresses.CHAT_MESSAGE.equals(data.getString(0))) {
          return new JsonObject().put(Addresses.CHAT_MESSAGE, data.getValue(1));
        }
      }
    }
  }
}
