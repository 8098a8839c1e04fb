package dev.switchboard.faults;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TcpWebSocket;
import dev.switchboard.testing.TestCluster;
import io.netty.util.internal.PlatformDependent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A reader that stops reading in a busy room")
class SlowReaderTest {
  private static final int EVENT_BYTES = 16 * 1024;
  private static final int EVENTS = 2000;

  /**
   * Heap after a full collection plus Netty's direct memory (frames are written from direct
   * buffers, which the heap figure alone would not show).
   */
  private static long retainedBytes() {
    System.gc();
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() + PlatformDependent.usedDirectMemory();
  }

  private static double slowConsumersClosed(int port) {
    String metrics = Rest.getText(port, "/metrics");
    return metrics.lines().filter(line -> line.startsWith("switchboard_sessions_closed_total{") && line.contains("reason=\"slow_consumer\""))
      .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
  }

  @Test
  @DisplayName("is closed with 4008 SLOW_CONSUMER, and what the node holds does not grow with the burst")
  void closedAndBounded() {
    // the reader sends nothing at all, so the idle check must not be the one to close it
    try (var cluster = TestCluster.start(1, new JsonObject().put(ConfigKeys.PING_TIMEOUT_MS, 120_000));
         var publisher = BridgeClient.connect(cluster.port(0), cluster.token("admin", Role.ADMIN))) {
      String roomId = Rest.post(cluster.port(0), "/rooms", cluster.token("owner", Role.AGENT), new JsonObject()
        .put("name", "busy").put("members", new JsonArray().add("stalled")).encode()).body().getString("id");
      // a small receive window, so the reader's side fills after a few kilobytes
      var stalled = TcpWebSocket.connect(cluster.port(0), "/eventbus/websocket?token=" + cluster.token("stalled", Role.CUSTOMER), 4096);
      stalled.sendText(new JsonObject().put("type", "register").put("address", "internal-chat:" + roomId).encode());
      // frames after a register wait for it: this answer means subscribed
      stalled.sendText(new JsonObject().put("type", "send").put("address", Addresses.PRESENCE_HEARTBEAT).put("replyAddress", "r")
        .put("body", new JsonObject()).encode());
      assertTrue(stalled.nextText().contains("\"address\":\"r\""));

      long before = retainedBytes();
      JsonObject event = new JsonObject().put("kind", "room").put("id", roomId).put("event", "burst")
        .put("data", new JsonObject().put("pad", "x".repeat(EVENT_BYTES)));
      for (int i = 0; i < EVENTS; i++) {
        publisher.ask(Addresses.BROADCAST, event);
      }
      long grown = retainedBytes() - before;
      long burst = (long) EVENTS * EVENT_BYTES;

      assertTrue(grown < burst / 4, "held " + grown + " bytes more after a burst of " + burst + " bytes to a reader that reads nothing");
      assertEquals(1.0, slowConsumersClosed(cluster.port(0)), "the stalled reader was closed as a slow consumer");
      // it reads at last: what the kernel held, then the close frame
      assertEquals(4008, stalled.awaitClose());
      stalled.close();
    }
  }
}
