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

@DisplayName("When the database is unreachable")
class StoreOutageTest {

  @Test
  @DisplayName("writes fail with STORE_UNAVAILABLE 503 in plain words, REST says the same with Retry-After, and /ready turns 503")
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
        // plain words for the client; which driver exception it was is for the log
        assertEquals("STORE_UNAVAILABLE: the database is unavailable; retry later", refused.getString("message"));

        var rest = Rest.get(cluster.port(0), "/rooms/" + room + "/messages", agent);
        assertEquals(503, rest.status());
        assertEquals("STORE_UNAVAILABLE", rest.errorCode());
        assertEquals("the database is unavailable; retry later", rest.body().getJsonObject("error").getString("message"));
        assertEquals("5", rest.header("Retry-After"), "a 503 says when to come back");

        var ready = Rest.get(cluster.port(0), "/ready", null);
        assertEquals(503, ready.status());
        assertFalse(ready.body().getBoolean("store"));
        assertEquals("5", ready.header("Retry-After"));
        assertEquals(200, Rest.get(cluster.port(0), "/health", null).status());
      }
    }
  }
}
