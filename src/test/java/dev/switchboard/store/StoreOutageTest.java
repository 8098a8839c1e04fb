package dev.switchboard.store;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("When the database is unreachable")
class StoreOutageTest {

  @Test
  @DisplayName("writes fail with STORE_UNAVAILABLE 503, REST says the same, and /ready turns 503")
  void outage() {
    try (TestCluster cluster = TestCluster.start(1)) {
      String agent = cluster.token("7", Role.AGENT);
      String room = Rest.post(cluster.port(0), "/rooms", agent,
        new JsonObject().put("name", "outage").put("members", new JsonArray()).encode()).body().getString("id");
      try (var client = BridgeClient.connect(cluster.port(0), agent)) {
        cluster.stopMongo();

        JsonObject refused = client.request(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", room).put("body", "lost?"));
        assertEquals("err", refused.getString("type"));
        assertEquals(503, refused.getInteger("failureCode"));
        assertTrue(refused.getString("message").startsWith("STORE_UNAVAILABLE: "), refused.encode());

        var rest = Rest.get(cluster.port(0), "/rooms/" + room + "/messages", agent);
        assertEquals(503, rest.status());
        assertEquals("STORE_UNAVAILABLE", rest.errorCode());

        var ready = Rest.get(cluster.port(0), "/ready", null);
        assertEquals(503, ready.status());
        assertFalse(ready.body().getBoolean("store"));
        assertEquals(200, Rest.get(cluster.port(0), "/health", null).status());
      }
    }
  }
}
