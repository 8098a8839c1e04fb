package dev.switchboard.interop;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.Jwts;
import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Seed 001's documented {@code FikoWebSocket} client, its host aside, run in Node with the {@code ws}
 * package against two nodes: an agent on one, a customer on the other.
 */
@DisplayName("Seed 001's FikoWebSocket client, unchanged")
class Seed001InteropTest extends TwoNodeClusterTest {

  @Test
  @DisplayName("lists conversations, chats both ways across nodes, types, marks read, sees presence and errors")
  void documentedClient() throws Exception {
    String dept = TestCluster.fresh("d-");
    String customerId = TestCluster.fresh("c-");
    String agentId = TestCluster.fresh("a-");
    String customer = cluster.token(customerId, Role.CUSTOMER);
    var created = Rest.post(cluster.port(A), "/tickets", customer,
      new JsonObject().put("subject", "order missing").put("departmentId", dept).encode());
    assertEquals(201, created.status(), created.body().encode());
    String expired = Jwts.hs256(new JsonObject().put("sub", agentId).put("role", "agent").put("iss", "switchboard")
      .put("aud", "switchboard").put("exp", System.currentTimeMillis() / 1000 - 60), TestCluster.SECRET);
    NodeScript.run("seed001-interop.js", Map.of("URL_A", "ws://127.0.0.1:" + cluster.port(A),
      "URL_B", "ws://127.0.0.1:" + cluster.port(B), "TICKET", created.body().getString("id"),
      "TOKEN_AGENT", cluster.token(agentId, Role.AGENT, dept), "USER_AGENT", agentId,
      "TOKEN_CUSTOMER", customer, "USER_CUSTOMER", customerId, "TOKEN_EXPIRED", expired), 15);
  }
}
