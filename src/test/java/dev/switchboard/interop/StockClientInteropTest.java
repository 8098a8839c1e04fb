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
 * The stock npm clients ({@code @vertx/eventbus-bridge-client.js} + {@code sockjs-client}, installed
 * by the build from the lock file) against two clustered nodes: one client on each node.
 */
@DisplayName("The stock Vert.x bridge client from npm")
class StockClientInteropTest extends TwoNodeClusterTest {
  private static final File SCRIPT_DIR = new File("src/test/interop");
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

    var process = new ProcessBuilder("node", "bridge-interop.js").directory(SCRIPT_DIR).redirectErrorStream(true);
    process.environment().put("URL_A", "http://127.0.0.1:" + cluster.port(0) + "/eventbus");
    process.environment().put("URL_B", "http://127.0.0.1:" + cluster.port(1) + "/eventbus");
    process.environment().put("TRANSPORT", transport);
    process.environment().put("ROOM", room.body().getString("id"));
    process.environment().put("TOKEN_A", agent);
    process.environment().put("USER_A", "7");
    process.environment().put("TOKEN_B", customer);
    var ticket = Rest.post(cluster.port(1), "/tickets", customer,
      new JsonObject().put("subject", "interop " + transport).put("departmentId", "support").encode());
    assertEquals(201, ticket.status());
    process.environment().put("TICKET", ticket.body().getString("id"));
    process.environment().put("USER_B", "8");
    // a user of its own per run: the kick at the end of a run revokes the user's tokens of that second
    String kicked = "99-" + transport;
    process.environment().put("TOKEN_C", cluster.token(kicked, Role.CUSTOMER));
    process.environment().put("USER_C", kicked);
    process.environment().put("REST_A", "http://127.0.0.1:" + cluster.port(0));
    process.environment().put("TOKEN_ADMIN", cluster.token("1", Role.ADMIN));
    Process node = process.start();
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the interop script did not finish within 60 s");
    String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, node.exitValue(), output);
    assertTrue(output.contains("interop: 20 passed, 0 failed"), output);
  }
}
