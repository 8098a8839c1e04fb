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
import java.util.function.Consumer;
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
  @DisplayName("a burst of users arriving reaches the other nodes in one message")
  void batchesDeltas() throws InterruptedException {
    List<JsonObject> deltas = deltasPublished();
    onPresence(presence -> {
      for (int i = 0; i < 10; i++) {
        presence.opened("s" + i, customer("u" + i));
      }
      presence.opened("s0-phone", customer("u0"));
    });
    eventually("the burst's deltas", deltas::size, size -> size > 0);
    Thread.sleep(4 * HeartbeatPresence.DELTA_BATCH_MS);
    assertEquals(1, deltas.size(), "one message for the whole burst");
    assertEquals(10, deltas.get(0).getJsonArray("users").size(), "u0's second device is no change");
  }

  @Test
  @DisplayName("a user who leaves and comes back within a batch is seen to do each, in order")
  void keepsEveryFlip() throws InterruptedException {
    List<JsonObject> deltas = deltasPublished();
    onPresence(presence -> {
      presence.opened("s1", customer("u1"));
      presence.opened("s2", customer("u2"));
      presence.closed("s1");
      presence.opened("s1-again", customer("u1"));
    });
    eventually("three delta messages", deltas::size, size -> size >= 3);
    Thread.sleep(4 * HeartbeatPresence.DELTA_BATCH_MS);
    List<Map<String, Integer>> batches = deltas.stream().map(HeartbeatPresenceTest::connectionsByUser).toList();
    assertEquals(List.of(Map.of("u1", 1, "u2", 1), Map.of("u1", 0), Map.of("u1", 1)), batches);
  }

  /** Collects the "deltas" messages on the presence channel, as another node would hear them. */
  private List<JsonObject> deltasPublished() {
    List<JsonObject> deltas = new CopyOnWriteArrayList<>();
    await(vertx.eventBus().<JsonObject>consumer(Addresses.PRESENCE_CLUSTER, message -> {
      if ("deltas".equals(message.body().getString("type"))) {
        deltas.add(message.body());
      }
    }).completion());
    return deltas;
  }

  /** Starts a presence and runs {@code burst} on its event loop in one go, so no batch timer fires between its calls. */
  private void onPresence(Consumer<HeartbeatPresence> burst) {
    var presence = new HeartbeatPresence(vertx, 60_000);
    Promise<Void> done = Promise.promise();
    vertx.runOnContext(v -> presence.start(change -> { }).onSuccess(started -> {
      burst.accept(presence);
      done.complete();
    }).onFailure(done::fail));
    await(done.future());
  }

  private static Map<String, Integer> connectionsByUser(JsonObject deltas) {
    return deltas.getJsonArray("users").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(user -> user.getString("userId"), user -> user.getInteger("connections")));
  }

  private static Principal customer(String id) {
    return new Principal(id, "User " + id, Role.CUSTOMER, List.of());
  }
}
