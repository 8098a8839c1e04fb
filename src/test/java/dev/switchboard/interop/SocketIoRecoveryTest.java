package dev.switchboard.interop;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Connection state recovery with socket.io-client 4.8.1: a client whose connection is lost comes
 * back with {@code socket.recovered} and gets what it missed from MongoDB, whether it returns to the
 * same node or, after that node died, to another one.
 */
@DisplayName("Socket.IO connection state recovery")
class SocketIoRecoveryTest {
  private static final File SCRIPT_DIR = new File("src/test/interop");
  private static final AtomicLong ROOM_IDS = new AtomicLong(8000);
  private static final int CHECKS = 7;

  @Test
  @DisplayName("a client whose connection dropped comes back recovered, gets the missed messages in order, then live ones, each once")
  void droppedConnection() throws Exception {
    try (var cluster = TestCluster.start(2)) {
      String output = run(cluster, "drop", cluster.port(0), cluster.port(1), null);
      assertTrue(output.contains("socketio-recovery: " + CHECKS + " passed, 0 failed"), output);
    }
  }

  @Test
  @DisplayName("a client whose node was killed comes back through the load balancer to another node, recovered, and misses nothing")
  void deadNode() throws Exception {
    try (var cluster = TestCluster.start(2); var doomed = ChildNode.start(cluster)) {
      String output = run(cluster, "death", doomed.port(), cluster.port(1), doomed);
      assertTrue(output.contains("socketio-recovery: " + CHECKS + " passed, 0 failed"), output);
    }
  }

  private static String run(TestCluster cluster, String mode, int recipientPort, int senderPort, ChildNode doomed)
    throws Exception {
    String recipient = "r" + ROOM_IDS.get();
    String sender = "s" + ROOM_IDS.get();
    var room = Rest.post(cluster.port(0), "/rooms", cluster.token(sender, Role.AGENT),
      new JsonObject().put("id", ROOM_IDS.incrementAndGet()).put("name", "recovery " + mode)
        .put("members", new JsonArray().add(recipient)).encode());
    assertEquals(201, room.status());
    var process = new ProcessBuilder("node", "socketio-recovery.js").directory(SCRIPT_DIR).redirectErrorStream(true);
    process.environment().putAll(Map.of("MODE", mode, "ROOM", room.body().getString("id"),
      "URL_A", "http://127.0.0.1:" + recipientPort, "URL_B", "http://127.0.0.1:" + senderPort,
      "TOKEN_R", cluster.token(recipient, Role.CUSTOMER), "TOKEN_S", cluster.token(sender, Role.AGENT)));
    Process node = process.start();
    StringBuilder output = new StringBuilder();
    try (var lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
         OutputStream stdin = node.getOutputStream()) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
        if (line.equals("KILL") && doomed != null) {
          doomed.kill();
          stdin.write("killed\n".getBytes(StandardCharsets.UTF_8));
          stdin.flush();
        }
      }
    }
    assertTrue(node.waitFor(60, TimeUnit.SECONDS), "the recovery script did not finish within 60 s");
    assertEquals(0, node.exitValue(), output.toString());
    return output.toString();
  }
}
