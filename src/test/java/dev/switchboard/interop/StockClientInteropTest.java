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
 * The stock npm clients ({@code @vertx/eventbus-bridge-client.js} + {@code sockjs-client}, installed
 * by the build from the lock file) against two clustered nodes: one client on each node.
 */
@DisplayName("The stock Vert.x bridge client from npm")
class StockClientInteropTest extends TwoNodeClusterTest {
  /** Numeric room ids, as the seeds' clients use, so the script can join by number. */
  private static final AtomicLong ROOM_IDS = new AtomicLong(5000);

  @ParameterizedTest(name = "over {0}")
  @ValueSource(strings = {"websocket", "xhr-streaming"})
  @DisplayName("joins, chats, types, is refused, works a support ticket across two nodes, and hears why it was disconnected")
  void chatsAcrossNodes(String transport) throws Exception {
    String agent = cluster.token("7", Role.AGENT, "support");
    String customer = cluster.token("8", Role.CUSTOMER);
    var room = Rest.post(cluster.port(0), "/rooms", agent,
      new JsonObject().put("id", ROOM_IDS.incrementAndGet()).put("name", "interop " + transport)
        .put("members", new JsonArray().add("8")).encode());
    assertEquals(201, room.status());

    var ticket = Rest.post(cluster.port(1), "/tickets", customer,
      new JsonObject().put("subject", "interop " + transport).put("departmentId", "support").encode());
    assertEquals(201, ticket.status());
    NodeScript.run("bridge-interop.js", Map.ofEntries(
      Map.entry("URL_A", "http://127.0.0.1:" + cluster.port(0) + "/eventbus"),
      Map.entry("URL_B", "http://127.0.0.1:" + cluster.port(1) + "/eventbus"),
      Map.entry("TRANSPORT", transport),
      Map.entry("ROOM", room.body().getString("id")),
      Map.entry("TICKET", ticket.body().getString("id")),
      Map.entry("TOKEN_A", agent), Map.entry("USER_A", "7"),
      Map.entry("TOKEN_B", customer), Map.entry("USER_B", "8"),
      // a user of its own per run: the kick at the end of a run revokes the user's tokens of that second
      Map.entry("TOKEN_C", cluster.token("99-" + transport, Role.CUSTOMER)), Map.entry("USER_C", "99-" + transport),
      Map.entry("REST_A", "http://127.0.0.1:" + cluster.port(0)),
      Map.entry("TOKEN_ADMIN", cluster.token("1", Role.ADMIN))), 20);
  }
}
