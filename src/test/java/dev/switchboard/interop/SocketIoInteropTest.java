package dev.switchboard.interop;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * socket.io-client 4.8.1 from npm (installed by the build from the lock file) against two clustered
 * nodes, running seed 000's documented client code with only the URL and the token added.
 */
@DisplayName("socket.io-client 4.8.1 with seed 000's client code")
class SocketIoInteropTest extends TwoNodeClusterTest {
  private static final AtomicLong ROOM_IDS = new AtomicLong(7000);

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"websocket", "polling,websocket"})
  @DisplayName("joins, chats with a bridge client in the room, types, is refused, works a ticket and hears a notification, across two nodes")
  void seedClientAcrossNodes(String transports) throws Exception {
    String agent = cluster.token("71", Role.AGENT, "support");
    String customer = cluster.token("81", Role.CUSTOMER);
    var room = Rest.post(cluster.port(0), "/rooms", agent,
      new JsonObject().put("id", ROOM_IDS.incrementAndGet()).put("name", "socket.io " + transports)
        .put("members", new JsonArray().add("81")).encode());
    assertEquals(201, room.status());
    var ticket = Rest.post(cluster.port(1), "/tickets", customer,
      new JsonObject().put("subject", "socket.io " + transports).put("departmentId", "support").encode());
    assertEquals(201, ticket.status());

    NodeScript.run("socketio-interop.js", Map.ofEntries(
      Map.entry("URL_A", "http://127.0.0.1:" + cluster.port(0)),
      Map.entry("URL_B", "http://127.0.0.1:" + cluster.port(1)),
      Map.entry("BRIDGE_B", "http://127.0.0.1:" + cluster.port(1) + "/eventbus"),
      Map.entry("REST_A", "http://127.0.0.1:" + cluster.port(0)),
      Map.entry("TRANSPORTS", transports),
      Map.entry("ROOM", room.body().getString("id")),
      Map.entry("TICKET", ticket.body().getString("id")),
      Map.entry("TOKEN_A", agent), Map.entry("USER_A", "71"),
      Map.entry("TOKEN_B", customer), Map.entry("USER_B", "81"),
      Map.entry("TOKEN_C", cluster.token("91", Role.CUSTOMER)),
      Map.entry("TOKEN_SERVICE", cluster.token("billing", Role.SERVICE))), 19);
  }
}
