package dev.switchboard.presence;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.switchboard.presence.PresenceTest.nextStatusOf;
import static dev.switchboard.presence.PresenceTest.statusesBeforeMarker;
import static dev.switchboard.testing.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Presence when a node of three is killed")
class NodeFailureTest {
  private static final long HEARTBEAT_MS = 2000;

  @Test
  @DisplayName("its users go offline on the survivors within two heartbeats; a user with a device elsewhere stays online")
  void killedNode() throws Exception {
    try (var cluster = TestCluster.start(2, new JsonObject().put(ConfigKeys.PRESENCE_HEARTBEAT_MS, HEARTBEAT_MS));
         var third = ChildNode.start(cluster);
         var observer = BridgeClient.connect(cluster.port(0), cluster.token("observer", Role.AGENT))) {
      observer.listen(Addresses.CHAT_PRESENCE);
      var loner = BridgeClient.connect(third.port(), cluster.token("loner", Role.CUSTOMER));
      assertEquals("online", nextStatusOf(observer, "loner"));
      var roamerThere = BridgeClient.connect(third.port(), cluster.token("roamer", Role.CUSTOMER));
      var roamerHere = BridgeClient.connect(cluster.port(1), cluster.token("roamer", Role.CUSTOMER));
      String query = cluster.token("query", Role.SERVICE);
      eventually("both of the roamer's devices counted on node 0", () -> Rest.get(cluster.port(0), "/presence/users/roamer", query).body(),
        p -> p.getInteger("connections") == 2);

      long killedAt = System.nanoTime();
      third.kill();
      assertEquals("offline", nextStatusOf(observer, "loner"));
      long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
      assertTrue(tookMs <= 2 * HEARTBEAT_MS, "offline after " + tookMs + " ms, bound " + 2 * HEARTBEAT_MS + " ms");

      JsonObject roamer = Rest.get(cluster.port(0), "/presence/users/roamer", query).body();
      assertEquals(new JsonObject().put("userId", "roamer").put("online", true).put("connections", 1), roamer);
      // node 0 dropped the killed node's users in one go, the loner's offline among them; a marker
      // arriving on node 1 then shows nothing about the roamer came from that, nor from node 1
      assertEquals(List.of(), statusesBeforeMarker(cluster, 1, observer, "roamer"), "the roamer never went offline");
      // node 1 sweeps on its own timer, so it may forget the killed node a little after node 0 did
      String admin = cluster.token("admin", Role.ADMIN);
      eventually("node 1's stats to count the two survivors", () -> Rest.get(cluster.port(1), "/stats", admin).body()
        .getInteger("nodes"), nodes -> nodes == 2);
      for (var client : List.of(loner, roamerThere, roamerHere)) {
        client.close();
      }
    }
  }
}
