package dev.switchboard.presence;

import dev.switchboard.auth.Principal;
import dev.switchboard.bus.Addresses;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * {@link Presence} from the nodes' own heartbeats on the clustered event bus. Every interval each
 * node publishes a beat; every {@link #FULL_EVERY} beats, and whenever a node says hello, the beat
 * carries who is connected to it (a full snapshot, which repairs any lost delta). Between snapshots
 * it publishes each user's first and last local session as a delta, gathered for
 * {@link #DELTA_BATCH_MS} into one message. Every node merges what it hears into the same view, and
 * forgets a node it has not heard from for {@link #EXPIRY_FACTOR} intervals; it sweeps four times an
 * interval, so a killed node's users go offline everywhere within two intervals. Each node reports
 * the changes it sees to its own sessions only, so nobody hears a change twice.
 * <p>
 * It relies on nothing but the event bus: a node that stops beating (crash, partition, long pause)
 * is treated as gone, and comes back with its next beat.
 */
public final class HeartbeatPresence implements Presence {
  static final double EXPIRY_FACTOR = 1.5;
  /**
   * A snapshot is O(users) to encode, and every node decodes and merges it on an event loop its
   * sockets share: at 10k users, every 5 s, it set the fan-out p99. Deltas carry the changes.
   */
  static final int FULL_EVERY = 12;
  /**
   * One cluster message per user who came or went cost every node a publish or a decode per
   * connect and per close: at 500 connects a second, presence was the largest share of a node's
   * work after the store. Gathered, a burst costs one message. Other nodes hear of a change up to
   * this much later.
   */
  static final long DELTA_BATCH_MS = 50;

  private final Vertx vertx;
  private final long intervalMs;
  private final String nodeId = UUID.randomUUID().toString();
  private final NodeView self = new NodeView();
  /** Every node heard from, this one included. */
  private final Map<String, NodeView> nodes = new HashMap<>(Map.of(nodeId, self));
  /** This node's sessions: session id to user id. */
  private final Map<String, String> sessions = new HashMap<>();
  /** The merged view: users online on any live node. */
  private final Map<String, OnlineUser> online = new HashMap<>();
  /** This node's users whose first session opened or last one closed since the last deltas went out, as they were then. */
  private final Map<String, JsonObject> pendingDeltas = new LinkedHashMap<>();
  private Consumer<PresenceChange> changes;
  private MessageConsumer<JsonObject> consumer;
  private long beatTimer = -1;
  private long sweepTimer = -1;
  private long deltaTimer = -1;
  private long beats;

  public HeartbeatPresence(Vertx vertx, long intervalMs) {
    this.vertx = vertx;
    this.intervalMs = intervalMs;
  }

  @Override
  public Future<Void> start(Consumer<PresenceChange> changes) {
    this.changes = changes;
    consumer = vertx.eventBus().consumer(Addresses.PRESENCE_CLUSTER, this::onMessage);
    return consumer.completion().onSuccess(v -> {
      beatTimer = vertx.setPeriodic(intervalMs, id -> beat(++beats % FULL_EVERY == 0));
      sweepTimer = vertx.setPeriodic(Math.max(1, intervalMs / 4), id -> sweep());
      // the others answer with a beat at once, so a new node knows the cluster within a round trip
      publish(message("hello"));
      beat(true);
    });
  }

  @Override
  public Future<Void> stop() {
    vertx.cancelTimer(beatTimer);
    vertx.cancelTimer(sweepTimer);
    // the goodbye makes the others forget this node's users; a later delta would bring them back
    vertx.cancelTimer(deltaTimer);
    // unregistered first, so this node's own goodbye is not delivered to a consumer on its way out
    return consumer.unregister().onComplete(done -> publish(message("bye")));
  }

  @Override
  public void opened(String sessionId, Principal principal) {
    sessions.put(sessionId, principal.id());
    Entry entry = self.users.computeIfAbsent(principal.id(), id -> new Entry(id, principal.role().wireName()));
    entry.connections++;
    entry.lastSeen = System.currentTimeMillis();
    if (entry.connections == 1) {
      queueDelta(entry);
    }
    merge(principal.id(), true);
  }

  @Override
  public void closed(String sessionId) {
    String userId = sessions.remove(sessionId);
    Entry entry = userId == null ? null : self.users.get(userId);
    if (entry == null) {
      return;
    }
    entry.connections--;
    entry.lastSeen = System.currentTimeMillis();
    if (entry.connections == 0) {
      self.users.remove(userId);
      queueDelta(entry);
    }
    merge(userId, true);
  }

  @Override
  public void seen(String userId) {
    Entry entry = self.users.get(userId);
    if (entry != null) {
      entry.lastSeen = System.currentTimeMillis();
      merge(userId, true);
    }
  }

  @Override
  public List<OnlineUser> online() {
    return online.values().stream().sorted((a, b) -> a.userId().compareTo(b.userId())).toList();
  }

  @Override
  public UserPresence user(String userId) {
    return new UserPresence(userId, nodes.values().stream().mapToInt(node -> node.connections(userId)).sum());
  }

  @Override
  public ClusterLoad load() {
    Set<String> rooms = new HashSet<>();
    Set<String> active = new HashSet<>();
    int connections = 0;
    for (NodeView node : nodes.values()) {
      rooms.addAll(node.rooms);
      active.addAll(node.active);
      connections += node == self ? sessions.size() : node.sessions;
    }
    return new ClusterLoad(nodes.size(), connections, rooms.size(), active.size(), online.size());
  }

  /** Publishes this node's beat, with its registry's room figures for the cluster stats, and its users if {@code full}. */
  private void beat(boolean full) {
    vertx.eventBus().<JsonObject>request(Addresses.SESSIONS_SNAPSHOT, null, new DeliveryOptions().setLocalOnly(true))
      .onSuccess(reply -> {
        self.rooms = strings(reply.body().getJsonArray("rooms"));
        self.active = strings(reply.body().getJsonArray("active"));
      })
      .onComplete(ignored -> {
        JsonObject beat = message("beat").put("sessions", sessions.size())
          .put("rooms", new JsonArray(List.copyOf(self.rooms))).put("active", new JsonArray(List.copyOf(self.active)));
        if (full) {
          beat.put("users", new JsonArray(self.users.values().stream().map(Entry::toJson).toList()));
        }
        publish(beat);
      });
  }

  /**
   * Queues the user's new state. A user who flips back within the batch sends the batch first:
   * the other nodes must see them arrive before they leave, or the domains there (an agent's
   * status on the agents channel) would never hear that they left.
   */
  private void queueDelta(Entry entry) {
    if (pendingDeltas.containsKey(entry.userId)) {
      vertx.cancelTimer(deltaTimer);
      publishDeltas();
    }
    pendingDeltas.put(entry.userId, entry.toJson());
    if (pendingDeltas.size() == 1) {
      deltaTimer = vertx.setTimer(DELTA_BATCH_MS, id -> publishDeltas());
    }
  }

  private void publishDeltas() {
    JsonArray users = new JsonArray(List.copyOf(pendingDeltas.values()));
    pendingDeltas.clear();
    publish(message("deltas").put("users", users));
  }

  private void onMessage(Message<JsonObject> message) {
    JsonObject body = message.body();
    String from = body.getString("node");
    if (nodeId.equals(from)) {
      return;
    }
    if ("bye".equals(body.getString("type"))) {
      forget(from);
      return;
    }
    NodeView node = nodes.computeIfAbsent(from, id -> new NodeView());
    node.heardAt = System.currentTimeMillis();
    switch (body.getString("type")) {
      case "hello" -> beat(true);
      case "deltas" -> body.getJsonArray("users").forEach(json -> {
        Entry entry = Entry.fromJson((JsonObject) json);
        if (entry.connections > 0) {
          node.users.put(entry.userId, entry);
        } else {
          node.users.remove(entry.userId);
        }
        merge(entry.userId, false);
      });
      case "beat" -> {
        node.sessions = body.getInteger("sessions");
        node.rooms = strings(body.getJsonArray("rooms"));
        node.active = strings(body.getJsonArray("active"));
        JsonArray users = body.getJsonArray("users");
        if (users != null) {
          Set<String> touched = new HashSet<>(node.users.keySet());
          node.users.clear();
          users.forEach(json -> {
            Entry entry = Entry.fromJson((JsonObject) json);
            node.users.put(entry.userId, entry);
            touched.add(entry.userId);
          });
          touched.forEach(userId -> merge(userId, false));
        }
      }
      default -> {
        // a newer node's message type: ignored, its beats still count
      }
    }
  }

  /** Drops nodes not heard from for {@link #EXPIRY_FACTOR} intervals. */
  private void sweep() {
    long deadline = System.currentTimeMillis() - (long) (EXPIRY_FACTOR * intervalMs);
    nodes.entrySet().stream().filter(e -> e.getValue() != self && e.getValue().heardAt < deadline)
      .map(Map.Entry::getKey).toList().forEach(this::forget);
  }

  private void forget(String node) {
    NodeView gone = nodes.remove(node);
    if (gone != null) {
      gone.users.keySet().forEach(userId -> merge(userId, true));
    }
  }

  /** Recomputes one user from every node's view and reports a flip; {@code here}: this node saw the cause. */
  private void merge(String userId, boolean here) {
    Entry latest = null;
    for (NodeView node : nodes.values()) {
      Entry entry = node.users.get(userId);
      if (entry != null && (latest == null || entry.lastSeen > latest.lastSeen)) {
        latest = entry;
      }
    }
    OnlineUser before = online.get(userId);
    if (latest == null) {
      if (before != null) {
        online.remove(userId);
        changes.accept(new PresenceChange(userId, before.userType(), false, here));
      }
      return;
    }
    online.put(userId, new OnlineUser(userId, latest.userType, latest.lastSeen));
    if (before == null) {
      changes.accept(new PresenceChange(userId, latest.userType, true, here));
    }
  }

  private JsonObject message(String type) {
    return new JsonObject().put("type", type).put("node", nodeId);
  }

  private void publish(JsonObject message) {
    vertx.eventBus().publish(Addresses.PRESENCE_CLUSTER, message);
  }

  private static Set<String> strings(JsonArray array) {
    Set<String> set = new HashSet<>();
    array.forEach(value -> set.add((String) value));
    return set;
  }

  /** What one node knows of itself, or last heard from another. */
  private static final class NodeView {
    final Map<String, Entry> users = new HashMap<>();
    long heardAt = System.currentTimeMillis();
    int sessions;
    Set<String> rooms = Set.of();
    Set<String> active = Set.of();

    int connections(String userId) {
      Entry entry = users.get(userId);
      return entry == null ? 0 : entry.connections;
    }
  }

  /** A user's sessions on one node. */
  private static final class Entry {
    final String userId;
    final String userType;
    int connections;
    long lastSeen;

    Entry(String userId, String userType) {
      this.userId = userId;
      this.userType = userType;
    }

    JsonObject toJson() {
      return new JsonObject().put("userId", userId).put("userType", userType).put("connections", connections)
        .put("lastSeen", lastSeen);
    }

    static Entry fromJson(JsonObject json) {
      Entry entry = new Entry(json.getString("userId"), json.getString("userType"));
      entry.connections = json.getInteger("connections");
      entry.lastSeen = json.getLong("lastSeen");
      return entry;
    }
  }
}
