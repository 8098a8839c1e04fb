package dev.switchboard.presence;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import static dev.switchboard.testing.TestCluster.await;
import static dev.switchboard.testing.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Heartbeat presence on the event bus")
class HeartbeatPresenceTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  @DisplayName("a burst of first and last sessions reaches the other nodes in one message, with each user's latest state")
  void batchesDeltas() throws InterruptedException {
    List<JsonObject> deltas = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.PRESENCE_CLUSTER, message -> {
      if ("deltas".equals(message.body().getString("type"))) {
        deltas.add(message.body());
      }
    }).completion());
    var presence = new HeartbeatPresence(vertx, 60_000);
    Promise<Void> burst = Promise.promise();
    vertx.runOnContext(v -> presence.start(change -> { }).onSuccess(started -> {
      for (int i = 0; i < 10; i++) {
        presence.opened("s" + i, customer("u" + i));
      }
      presence.closed("s7");
      presence.closed("s3");
      presence.opened("s3-again", customer("u3"));
      burst.complete();
    }).onFailure(burst::fail));
    await(burst.future());

    eventually(() -> deltas.size(), size -> size > 0);
    Thread.sleep(4 * HeartbeatPresence.DELTA_BATCH_MS);
    assertEquals(1, deltas.size(), "one message for the whole burst");
    Map<String, Integer> connections = deltas.get(0).getJsonArray("users").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(user -> user.getString("userId"), user -> user.getInteger("connections")));
    assertEquals(10, connections.size());
    assertEquals(0, connections.get("u7"), "u7 left within the batch");
    assertEquals(1, connections.get("u3"), "u3 left and came back within the batch");
    assertEquals(1, connections.get("u0"));
  }

  private static Principal customer(String id) {
    return new Principal(id, "User " + id, Role.CUSTOMER, List.of());
  }
}
