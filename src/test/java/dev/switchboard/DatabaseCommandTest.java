package dev.switchboard;

import dev.switchboard.auth.Role;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.MainProcess;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code switchboard db}: the embedded database in a process of its own ({@code Main db} in a fresh
 * JVM), which a node uses through {@code SWITCHBOARD_MONGO_URI} as it would any MongoDB.
 */
@DisplayName("The db command")
class DatabaseCommandTest {
  private static final long LIMIT_SECONDS = 30;
  private static final String UP = "Switchboard's database is up";

  @TempDir
  Path dir;

  private Map<String, String> env(int port) {
    Map<String, String> env = new HashMap<>();
    env.put(ConfigKeys.JWT_SECRET, TestCluster.SECRET);
    env.put(ConfigKeys.LOG_FORMAT, "json");
    env.put(ConfigKeys.DATA_DIR, dir.resolve("data").toString());
    env.put(ConfigKeys.EMBEDDED_MONGO_PORT, String.valueOf(port));
    return env;
  }

  @Test
  @DisplayName("keeps a node's messages in its data directory: after a SIGTERM and a new start on the same"
    + " directory, the node reads them back")
  void storesForANode() throws Exception {
    int port = MainProcess.freePort();
    Process db = startDatabase(port, "db1");
    String uri = new JsonObject(MainProcess.awaitLine(dir.resolve("db1.out"), UP, LIMIT_SECONDS)).getString("message")
      .replaceFirst(".*=", "");
    assertEquals("mongodb://127.0.0.1:" + port, uri);
    try (var cluster = TestCluster.start(1, new JsonObject().put(ConfigKeys.MONGO_URI, uri))) {
      String agent = cluster.token(TestCluster.fresh("agent-"), Role.AGENT);
      String roomId = TestCluster.fresh("room-");
      var created = Rest.post(cluster.port(0), "/rooms", agent, new JsonObject().put("id", roomId).put("name", "kept").put("members", new JsonArray())
        .encode());
      assertEquals(201, created.status(), created.body().encode());
      try (var client = BridgeClient.connect(cluster.port(0), agent)) {
        client.ask("internal-chat:message", new JsonObject().put("roomId", roomId).put("body", "still here"));
      }

      db.destroy();
      assertTrue(db.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS), "SIGTERM ends the database");
      assertTrue(Files.readString(dir.resolve("db1.out")).contains("Database stopped"), "it says it closed its file");
      db = startDatabase(port, "db2");
      MainProcess.awaitLine(dir.resolve("db2.out"), UP, LIMIT_SECONDS);

      // the node's driver finds the database again on its next request
      var history = TestCluster.eventually("the room's history from the restarted database",
        () -> Rest.get(cluster.port(0), "/rooms/" + roomId + "/messages", agent), response -> response.status() == 200);
      JsonArray messages = history.body().getJsonArray("messages");
      assertEquals(List.of("still here"), messages.stream().map(m -> ((JsonObject) m).getString("body")).toList());
    } finally {
      db.destroyForcibly().waitFor();
    }
  }

  @Test
  @DisplayName("on a port already taken exits 1 and says which key to change, as a node does")
  void portTaken() throws Exception {
    try (ServerSocket mongod = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      var result = MainProcess.run(dir, env(mongod.getLocalPort()), List.of(), List.of("db"), LIMIT_SECONDS);
      assertEquals(1, result.exitCode(), result.out() + result.err());
      List<String> errors = result.out().lines().map(JsonObject::new).filter(line -> line.getString("level").equals("ERROR"))
        .map(line -> line.getString("message")).toList();
      assertEquals(1, errors.size(), result.out());
      assertTrue(errors.get(0).contains(ConfigKeys.EMBEDDED_MONGO_PORT + " " + mongod.getLocalPort() + " is taken"),
        errors.get(0));
      assertEquals("", result.err(), "no stack trace");
    }
  }

  private Process startDatabase(int port, String name) throws Exception {
    return MainProcess.start(dir, env(port), List.of(), List.of("db"), name);
  }
}
