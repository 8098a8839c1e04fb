package dev.switchboard;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.support.BridgeClient;
import dev.switchboard.support.Rest;
import dev.switchboard.support.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
}
