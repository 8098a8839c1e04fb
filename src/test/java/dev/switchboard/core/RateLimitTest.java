package dev.switchboard.core;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.EngineIoClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.UUID;

import static dev.switchboard.testing.Frames.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rate limits on a two-node cluster, with small budgets so a test spends them quickly: three
 * messages per user, whatever device, node or protocol they come from. Chat messages refill one a
 * second, so a test can wait for one; ticket messages one in 20 s, so that no token comes back
 * while a slow machine opens a Socket.IO connection after the refusal.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Rate limits")
class RateLimitTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int BUDGET = 3;
  private TestCluster cluster;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(2, new JsonObject()
      .put(ConfigKeys.RATE_LIMITS, "internal-chat:message=" + BUDGET + "/3s,support-chat:message=" + BUDGET + "/60s"));
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private String room(String... members) {
    var created = Rest.post(cluster.port(A), "/rooms", cluster.token("owner", Role.AGENT),
      new JsonObject().put("name", "limits " + UUID.randomUUID()).put("members", new JsonArray(java.util.List.of(members))).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private int stored(String roomId) {
    return Rest.get(cluster.port(B), "/rooms/" + roomId + "/messages?limit=100", cluster.token("owner", Role.AGENT)).body()
      .getJsonArray("messages").size();
  }

  private static JsonObject message(String roomId, String body) {
    return new JsonObject().put("roomId", roomId).put("body", body);
  }

  @Test
  @DisplayName("a user over budget on two devices on two nodes is refused with the code and the wait, nothing is stored, others are served, and after the wait so is the user")
  void sharedAcrossDevicesAndNodes() throws Exception {
    String roomId = room("eager", "calm");
    try (var onA = BridgeClient.connect(cluster.port(A), cluster.token("eager", Role.CUSTOMER));
         var onB = BridgeClient.connect(cluster.port(B), cluster.token("eager", Role.CUSTOMER));
         var other = BridgeClient.connect(cluster.port(B), cluster.token("calm", Role.CUSTOMER))) {
      for (int i = 0; i < BUDGET; i++) {
        (i % 2 == 0 ? onA : onB).ask(Addresses.CHAT_MESSAGE, message(roomId, "within " + i));
      }
      JsonObject refused = onB.request(Addresses.CHAT_MESSAGE, message(roomId, "one too many"));
      assertError(refused, 429, "RATE_LIMIT_EXCEEDED");
      long wait = refused.getLong("retryAfterMs");
      assertTrue(wait > 0 && wait <= 1000, "the wait is one refill at most: " + wait);
      assertError(onA.request(Addresses.CHAT_MESSAGE, message(roomId, "still too many")), 429, "RATE_LIMIT_EXCEEDED");
      other.ask(Addresses.CHAT_MESSAGE, message(roomId, "another user is served"));
      assertEquals(BUDGET + 1, stored(roomId), "nothing refused was stored");

      Thread.sleep(wait);   // the wait the refusal named, after which one more is allowed
      onA.ask(Addresses.CHAT_MESSAGE, message(roomId, "after the wait"));
      assertEquals(BUDGET + 2, stored(roomId));
    }
  }

  @Test
  @DisplayName("REST shares the budget and answers 429 with Retry-After; Socket.IO's ack gets the code and the wait")
  void everyEdge() {
    String customer = cluster.token("restful", Role.CUSTOMER);
    var ticket = Rest.post(cluster.port(A), "/tickets", customer, "{\"subject\":\"limits\"}");
    assertEquals(201, ticket.status());
    String path = "/tickets/" + ticket.body().getString("id") + "/messages";
    for (int i = 0; i < BUDGET; i++) {
      assertEquals(201, Rest.post(cluster.port(i % 2), path, customer, "{\"body\":\"within " + i + "\"}").status());
    }
    var refused = Rest.post(cluster.port(B), path, customer, "{\"body\":\"one too many\"}");
    assertEquals(429, refused.status());
    assertEquals("RATE_LIMIT_EXCEEDED", refused.errorCode());
    int retryAfter = Integer.parseInt(refused.headers().firstValue("Retry-After").orElse("0"));
    assertTrue(retryAfter > 0 && retryAfter <= 20, "the wait is one refill at most, in whole seconds: " + retryAfter);

    try (var client = EngineIoClient.connect(cluster.port(A), "/socket.io/")) {
      client.send("40" + new JsonObject().put("token", customer).encode());
      assertTrue(client.next().startsWith("40{"));
      client.send("421[\"support-chat:message\",{\"ticketId\":\"" + ticket.body().getString("id") + "\",\"body\":\"and over Socket.IO\"}]");
      String ack = client.next();
      assertTrue(ack.startsWith("431["), ack);
      JsonObject error = new JsonArray(ack.substring(3)).getJsonObject(0).getJsonObject("error");
      assertEquals("RATE_LIMIT_EXCEEDED", error.getString("code"));
      assertTrue(error.getLong("retryAfterMs") > 0, error.encode());
    }
  }
}
