package dev.switchboard.presence;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import io.vertx.core.Context;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Heartbeat presence on the event bus")
class HeartbeatPresenceTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    await(vertx.close());
  }

  @Test
  @DisplayName("a burst of users arriving reaches the other nodes in one message")
  void batchesDeltas() {
    List<JsonObject> deltas = deltasPublished();
    var started = startPresence();
    started.run(presence -> {
      for (int i = 0; i < 10; i++) {
        presence.opened("s" + i, customer("u" + i));
      }
      presence.opened("s0-phone", customer("u0"));
    });
    List<JsonObject> burst = deltasBeforeMarker(started, deltas, 1);
    assertEquals(1, burst.size(), "one message for the whole burst");
    assertEquals(10, burst.get(0).getJsonArray("users").size(), "u0's second device is no change");
  }

  @Test
  @DisplayName("a user who leaves and comes back within a batch is seen to do each, in order")
  void keepsEveryFlip() {
    List<JsonObject> deltas = deltasPublished();
    var started = startPresence();
    started.run(presence -> {
      presence.opened("s1", customer("u1"));
      presence.opened("s2", customer("u2"));
      presence.closed("s1");
      presence.opened("s1-again", customer("u1"));
    });
    List<Map<String, Integer>> batches = deltasBeforeMarker(started, deltas, 3).stream()
      .map(HeartbeatPresenceTest::connectionsByUser).toList();
    assertEquals(List.of(Map.of("u1", 1, "u2", 1), Map.of("u1", 0), Map.of("u1", 1)), batches);
  }

  @Test
  @DisplayName("a heartbeat moves its user's lastSeen, and makes no one online who has no session on the node")
  void heartbeatMovesLastSeen() {
    var started = startPresence();
    started.run(presence -> presence.opened("s1", customer("u1")));
    long opened = lastSeen(started, "u1");
    eventually("the clock to pass the open", System::currentTimeMillis, now -> now > opened);
    started.run(presence -> {
      presence.seen("u1");
      presence.seen("nobody");
    });
    assertTrue(lastSeen(started, "u1") > opened, "the heartbeat moved lastSeen");
    assertEquals(List.of("u1"), online(started).stream().map(OnlineUser::userId).toList());
  }

  private static List<OnlineUser> online(Started started) {
    List<OnlineUser> online = new CopyOnWriteArrayList<>();
    started.run(presence -> online.addAll(presence.online()));
    return online;
  }

  private static long lastSeen(Started started, String userId) {
    return online(started).stream().filter(user -> user.userId().equals(userId)).findFirst().orElseThrow().lastSeen();
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

  /** A presence and the event loop it runs on, where its verticle would call it. */
  private record Started(HeartbeatPresence presence, Context context) {
    /** Runs {@code calls} on the presence's event loop in one go, so no batch timer fires between them. */
    void run(Consumer<HeartbeatPresence> calls) {
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> {
        calls.accept(presence);
        done.complete();
      });
      await(done.future());
    }
  }

  private Started startPresence() {
    var presence = new HeartbeatPresence(vertx, 60_000);
    Context context = vertx.getOrCreateContext();
    Promise<Void> started = Promise.promise();
    context.runOnContext(v -> presence.start(change -> { }).onComplete(started));
    await(started.future());
    return new Started(presence, context);
  }

  /**
   * The delta messages heard before a marker's. Once {@code expected} have been heard, a marker user
   * arrives: the same presence publishes that arrival in a batch of its own, later and on the same
   * channel, so any message still due from what came before would be heard before the marker's.
   */
  private static List<JsonObject> deltasBeforeMarker(Started started, List<JsonObject> deltas, int expected) {
    eventually(expected + " delta message(s)", deltas::size, size -> size >= expected);
    started.run(presence -> presence.opened("marker-session", customer("marker")));
    int marker = eventually("the marker's delta", () -> indexOfMarker(deltas), index -> index >= 0);
    return List.copyOf(deltas.subList(0, marker));
  }

  private static int indexOfMarker(List<JsonObject> deltas) {
    for (int i = 0; i < deltas.size(); i++) {
      if (connectionsByUser(deltas.get(i)).containsKey("marker")) {
        return i;
      }
    }
    return -1;
  }

  private static Map<String, Integer> connectionsByUser(JsonObject deltas) {
    return deltas.getJsonArray("users").stream().map(JsonObject.class::cast)
      .collect(Collectors.toMap(user -> user.getString("userId"), user -> user.getInteger("connections")));
  }

  private static Principal customer(String id) {
    return new Principal(id, "User " + id, Role.CUSTOMER, List.of());
  }
}
