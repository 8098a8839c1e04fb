package dev.switchboard.faults;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static dev.switchboard.testing.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

@DisplayName("A database cut off for a while")
class DatabaseOutageTest {

  private static List<String> tempIds(String prefix, int count) {
    return IntStream.range(0, count).mapToObj(i -> prefix + i).toList();
  }

  @Test
  @DisplayName("acknowledges nothing it did not store, and messages retried with their tempIds once it is back land exactly once")
  void cutAndRestore() {
    try (var cluster = TestCluster.startBehindProxy(2, new JsonObject())) {
      String agent = cluster.token("7", Role.AGENT);
      String roomId = Rest.post(cluster.port(0), "/rooms", agent, new JsonObject().put("name", "outage")
        .put("members", new JsonArray()).encode()).body().getString("id");
      var ledger = new Ledger(roomId, 0);
      try (var client = BridgeClient.connect(cluster.port(0), agent)) {
        assertEquals(List.of(), ledger.send(client, tempIds("before-", 5)));

        cluster.database().cut();
        List<String> refused = ledger.send(client, tempIds("during-", 3));
        assertFalse(refused.isEmpty(), "the cut was felt: some messages were refused with STORE_UNAVAILABLE");
        cluster.database().restore();

        eventually("node 0 ready again", () -> Rest.get(cluster.port(0), "/ready", null).status(), status -> status == 200);
        // a client retries what was not acknowledged, with the same tempIds; from another node too
        try (var elsewhere = BridgeClient.connect(cluster.port(1), agent)) {
          assertEquals(List.of(), ledger.send(elsewhere, refused));
        }
        assertEquals(List.of(), ledger.send(client, tempIds("after-", 3)));
      }
      assertEquals(11, ledger.acknowledgedCount());
      ledger.assertEachAcknowledgedStoredOnce(cluster.port(1), agent);
    }
  }
}
