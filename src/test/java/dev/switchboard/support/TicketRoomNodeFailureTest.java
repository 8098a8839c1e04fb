package dev.switchboard.support;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("A ticket room when a node is killed")
class TicketRoomNodeFailureTest {

  @Test
  @DisplayName("a participant on the killed node is announced as left to the room, once, and is no longer listed")
  void participantOnKilledNode() throws Exception {
    try (var cluster = TestCluster.start(2);
         var third = ChildNode.start(cluster);
         var agent = BridgeClient.connect(cluster.port(0), cluster.token("a-kill", Role.AGENT, "d-kill"))) {
      String customerToken = cluster.token("c-kill", Role.CUSTOMER);
      var created = Rest.post(cluster.port(1), "/tickets", customerToken,
        new JsonObject().put("subject", "down").put("body", "it broke").put("departmentId", "d-kill").encode());
      String ticketId = created.body().getString("id");
      String room = Addresses.ticketRoom(ticketId);
      var customer = BridgeClient.connect(third.port(), customerToken);
      customer.register(room);
      customer.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", ticketId));
      agent.register(room);
      assertEquals(2, join(agent, ticketId).size());

      third.kill();
      JsonObject left = nextUserLeft(agent, room).getJsonObject("body");
      assertEquals(new JsonObject().put("userId", "c-kill").put("userName", "User c-kill").put("userType", "customer")
        .put("ticketId", ticketId), left);
      JsonArray participants = join(agent, ticketId);
      assertEquals(1, participants.size(), participants.encode());
      assertEquals("a-kill", participants.getJsonObject(0).getString("userId"));
      assertEquals(0, agent.quietFor(500), "the departure is announced by one survivor only");
      customer.close();
    }
  }

  private static JsonArray join(BridgeClient client, String ticketId) {
    return client.ask(Addresses.SUPPORT_JOIN, new JsonObject().put("ticketId", ticketId)).getJsonArray("participants");
  }

  /** Hazelcast takes a few seconds to drop a member that vanished; the room's frames are skipped until then. */
  private static JsonObject nextUserLeft(BridgeClient client, String room) {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (System.nanoTime() < deadline) {
      try {
        JsonObject frame = client.nextOn(room);
        if (Addresses.SUPPORT_USER_LEFT.equals(frame.getJsonObject("headers").getString("event"))) {
          return frame;
        }
      } catch (AssertionError quietForFiveSeconds) {
        // keep waiting until the deadline
      }
    }
    throw new AssertionError("no user_left on " + room + " within 30 s");
  }
}
