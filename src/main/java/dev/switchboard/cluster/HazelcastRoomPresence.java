package dev.switchboard.cluster;

import com.hazelcast.cluster.MembershipAdapter;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.MultiMap;
import dev.switchboard.fanout.Participant;
import dev.switchboard.fanout.RoomPresence;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * {@link RoomPresence} in a Hazelcast multimap, room to session entries. Each entry names the node
 * its session is on, so that the survivors can remove a dead node's entries. Its calls block, so
 * they run on Vert.x worker threads.
 */
public final class HazelcastRoomPresence implements RoomPresence {
  static final String MAP = "sb.room-presence";
  private static final String NODE = "node";

  private final Vertx vertx;
  private final HazelcastInstance hazelcast;
  private final MultiMap<String, String> rooms;
  private final String localNode;

  public HazelcastRoomPresence(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.hazelcast = hazelcast;
    this.rooms = hazelcast.getMultiMap(MAP);
    this.localNode = hazelcast.getCluster().getLocalMember().getUuid().toString();
  }

  @Override
  public Future<Void> enter(String room, Participant participant) {
    return vertx.executeBlocking(() -> {
      rooms.put(room, participant.toStored().put(NODE, localNode).encode());
      return null;
    }, false);
  }

  @Override
  public Future<Boolean> leave(String room, String sessionId) {
    return vertx.executeBlocking(() -> rooms.get(room).stream()
      .filter(entry -> Participant.fromStored(new JsonObject(entry)).sessionId().equals(sessionId))
      .map(entry -> rooms.remove(room, entry))
      .reduce(false, Boolean::logicalOr), false);
  }

  @Override
  public Future<List<Participant>> in(String room) {
    return vertx.executeBlocking(() -> rooms.get(room).stream().map(entry -> Participant.fromStored(new JsonObject(entry))).toList(), false);
  }

  @Override
  public void onDeparted(BiConsumer<String, Participant> handler) {
    Context context = vertx.getOrCreateContext();
    hazelcast.getCluster().addMembershipListener(new MembershipAdapter() {
      @Override
      public void memberRemoved(MembershipEvent event) {
        String node = event.getMember().getUuid().toString();
        context.executeBlocking(() -> evict(node), false)
          .onSuccess(gone -> gone.forEach(entry -> handler.accept(entry.getKey(), entry.getValue())));
      }
    });
  }

  /** Removes {@code node}'s entries; those this node removed (another survivor may win a remove), by room. */
  private List<Map.Entry<String, Participant>> evict(String node) {
    List<Map.Entry<String, Participant>> gone = new ArrayList<>();
    for (Map.Entry<String, String> entry : rooms.entrySet()) {
      JsonObject stored = new JsonObject(entry.getValue());
      if (node.equals(stored.getString(NODE)) && rooms.remove(entry.getKey(), entry.getValue())) {
        gone.add(Map.entry(entry.getKey(), Participant.fromStored(stored)));
      }
    }
    return gone;
  }
}
