package dev.switchboard.faults;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.ChildNode;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static dev.switchboard.presence.PresenceTest.nextStatusOf;
import static dev.switchboard.testing.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("A node killed with SIGKILL under a steady message load")
class NodeKillTest {
  private static final long HEARTBEAT_MS = 2000;
  private static final int MESSAGES_PER_SENDER = 40;
  private static final int SURVIVOR = 0;
  private static final int RETRY_NODE = 1;

  @Test
  @DisplayName("every acknowledged message is in history exactly once, tempId retries on a survivor land once, and its users go offline on every survivor within two heartbeats")
  void killUnderLoad() throws Exception {
    try (var cluster = TestCluster.start(2, new JsonObject().put(ConfigKeys.PRESENCE_HEARTBEAT_MS, HEARTBEAT_MS));
         var doomed = ChildNode.start(cluster);
         var observer0 = BridgeClient.connect(cluster.port(0), cluster.token("observer", Role.AGENT));
         var observer1 = BridgeClient.connect(cluster.port(1), cluster.token("observer", Role.AGENT))) {
      List<String> senders = List.of("here-1", "here-2", "there-1", "there-2");
      String owner = cluster.token("owner", Role.AGENT);
      String roomId = Rest.post(cluster.port(0), "/rooms", owner, new JsonObject().put("name", "under load")
        .put("members", new JsonArray(senders)).encode()).body().getString("id");
      var ledger = new Ledger(roomId, 20);
      observer0.listen(Addresses.CHAT_PRESENCE);
      observer1.listen(Addresses.CHAT_PRESENCE);
      var bystander = BridgeClient.connect(doomed.port(), cluster.token("bystander", Role.CUSTOMER));
      assertEquals("online", nextStatusOf(observer0, "bystander"));
      assertEquals("online", nextStatusOf(observer1, "bystander"));

      List<CompletableFuture<List<String>>> load = new ArrayList<>();
      for (String sender : senders) {
        int port = sender.startsWith("here") ? cluster.port(SURVIVOR) : doomed.port();
        var client = BridgeClient.connect(port, cluster.token(sender, Role.AGENT));
        load.add(CompletableFuture.supplyAsync(() -> {
          try (client) {
            return ledger.send(client, IntStream.range(0, MESSAGES_PER_SENDER).mapToObj(i -> sender + "-" + i).toList());
          }
        }));
      }
      eventually("a few messages acknowledged before the kill", ledger::acknowledgedCount, n -> n >= 20);
      long killedAt = System.nanoTime();
      doomed.kill();

      assertEquals("offline", nextStatusOf(observer0, "bystander"));
      assertEquals("offline", nextStatusOf(observer1, "bystander"));
      long tookMs = (System.nanoTime() - killedAt) / 1_000_000;
      assertTrue(tookMs <= 2 * HEARTBEAT_MS, "offline everywhere after " + tookMs + " ms, bound " + 2 * HEARTBEAT_MS + " ms");

      for (int i = 0; i < senders.size(); i++) {
        List<String> unacknowledged = load.get(i).join();
        if (senders.get(i).startsWith("here")) {
          assertEquals(List.of(), unacknowledged, "the survivor's sender lost nothing");
        } else {
          // what the killed node never answered is sent again, with the same tempIds, to a survivor
          try (var retrying = BridgeClient.connect(cluster.port(RETRY_NODE), cluster.token(senders.get(i), Role.AGENT))) {
            assertEquals(List.of(), ledger.send(retrying, unacknowledged));
          }
        }
      }
      assertEquals(senders.size() * MESSAGES_PER_SENDER, ledger.acknowledgedCount());
      ledger.assertEachAcknowledgedStoredOnce(cluster.port(SURVIVOR), owner);
      bystander.close();
    }
  }
}
