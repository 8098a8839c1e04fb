package dev.switchboard.support;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

      // Once: a second announcement would come from the other survivor, which saw the death too and
      // lost the race to remove the entry. Each survivor handles the death on its desk's context (its
      // Hazelcast listener scans the presence map on a worker, then publishes there on the room
      // channel), and a publish keeps its order, per node, on one channel. So each survivor, once its
      // own member list has dropped the killed node (its listener has fired), publishes a marker the
      // same way: a staff session there types in the room, which its desk publishes after reading the
      // ticket from the store. The agent's next two frames must be the two markers. What this leaves
      // open is only a survivor whose scan outlasts a store read that started after its listener fired.
      awaitSurvivorsDropped(cluster);
      try (var onFirst = BridgeClient.connect(cluster.port(0), cluster.token("m0-kill", Role.ADMIN));
           var onSecond = BridgeClient.connect(cluster.port(1), cluster.token("m1-kill", Role.ADMIN))) {
        for (var marker : List.of(onFirst, onSecond)) {
          marker.ask(Addresses.SUPPORT_TYPING, new JsonObject().put("ticketId", ticketId).put("isTyping", true));
        }
        Set<String> typists = new HashSet<>();
        for (int i = 0; i < 2; i++) {
          typists.add(agent.assertNextIs(Frames.event(room, Addresses.SUPPORT_TYPING),
            "a survivor's marker (the departure is announced by one survivor only)").getJsonObject("body").getString("userId"));
        }
        assertEquals(Set.of("m0-kill", "m1-kill"), typists);
      }
      customer.close();
    }
  }

  /** Waits until each surviving node's own Hazelcast member list has dropped the killed node. */
  private static void awaitSurvivorsDropped(TestCluster cluster) {
    String name = cluster.config().cluster().name();
    List<HazelcastInstance> survivors = Hazelcast.getAllHazelcastInstances().stream()
      .filter(hazelcast -> hazelcast.getConfig().getClusterName().equals(name)).toList();
    assertEquals(2, survivors.size(), "the two nodes in this JVM");
    for (HazelcastInstance survivor : survivors) {
      TestCluster.eventually(survivor.getName() + " to drop the killed node", () -> survivor.getCluster().getMembers().size(),
        members -> members == 2);
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
      } catch (AssertionError nothingWithinFiveSeconds) {
        // keep waiting until the deadline
      }
    }
    throw new AssertionError("no user_left on " + room + " within 30 s");
  }
}
