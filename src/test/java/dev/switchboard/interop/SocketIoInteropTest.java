package dev.switchboard.interop;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * socket.io-client 4.8.1 from npm (installed by the build from the lock file) against two clustered
 * nodes, running seed 000's documented client code with only the URL and the token added.
 */
@DisplayName("socket.io-client 4.8.1 with seed 000's client code")
class SocketIoInteropTest extends TwoNodeClusterTest {
  private static final File SCRIPT_DIR = new File("src/test/interop");
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

    var process = new ProcessBuilder("node", "socketio-interop.js").directory(SCRIPT_DIR).redirectErrorStream(true);
    var env = process.environment();
    env.put("URL_A", "http://127.0.0.1:" + cluster.port(0));
    env.put("URL_B", "http://127.0.0.1:" + cluster.port(1));
    env.put("BRIDGE_B", "http://127.0.0.1:" + cluster.port(1) + "/eventbus");
    env.put("REST_A", "http://127.0.0.1:" + cluster.port(0));
    env.put("TRANSPORTS", transports);
    env.put("ROOM", room.body().getString("id"));
    env.put("TICKET", ticket.body().getString("id"));
    env.put("TOKEN_A", agent);
    env.put("USER_A", "71");
    env.put("TOKEN_B", customer);
    env.put("USER_B", "81");
    env.put("TOKEN_C", cluster.token("91", Role.CUSTOMER));
    env.put("TOKEN_SERVICE", cluster.token("billing", Role.SERVICE));
    Process node = process.start();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the interop script did not finish within 60 s");
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, node.exitValue(), output);
    assertTrue(output.contains("socketio-interop: 19 passed, 0 failed"), output);
  }
}
