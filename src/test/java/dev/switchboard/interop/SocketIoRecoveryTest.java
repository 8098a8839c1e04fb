package dev.switchboard.interop;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.NodeScript;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Connection state recovery with socket.io-client 4.8.1: a client whose connection is lost comes
 * back with {@code socket.recovered} and gets what it missed from MongoDB, whether it returns to the
 * same node or, after that node died, to another one.
 */
@DisplayName("Socket.IO connection state recovery")
class SocketIoRecoveryTest {
  private static final AtomicLong ROOM_IDS = new AtomicLong(8000);
  private static final int CHECKS = 7;

  @Test
  @DisplayName("a client whose connection dropped comes back recovered, gets the missed messages in order, then live ones, each once")
  void droppedConnection() throws Exception {
    try (var cluster = TestCluster.start(2)) {
      run(cluster, "drop", cluster.port(0), cluster.port(1), null);
    }
  }

  @Test
  @DisplayName("a client whose node was killed comes back through the load balancer to another node, recovered, and misses nothing")
  void deadNode() throws Exception {
    try (var cluster = TestCluster.start(2); var doomed = ChildNode.start(cluster)) {
      run(cluster, "death", doomed.port(), cluster.port(1), doomed);
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
    return NodeScript.run("socketio-recovery.js", Map.of("MODE", mode, "ROOM", room.body().getString("id"),
      "URL_A", "http://127.0.0.1:" + recipientPort, "URL_B", "http://127.0.0.1:" + senderPort,
      "TOKEN_R", cluster.token(recipient, Role.CUSTOMER), "TOKEN_S", cluster.token(sender, Role.AGENT)), CHECKS,
      (line, answer) -> {
        if (line.equals("KILL") && doomed != null) {
          doomed.kill();
          answer.accept("killed");
        }
      });
  }
}
