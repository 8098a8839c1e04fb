package dev.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.multimap.MultiMap;
import dev.switchboard.rooms.Participant;
import dev.switchboard.rooms.RoomPresence;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * {@link RoomPresence} in a Hazelcast multimap, room to session entries. Its calls block, so they
 * run on Vert.x worker threads.
 */
public final class HazelcastRoomPresence implements RoomPresence {
  static final String MAP = "sb.room-presence";

  private final Vertx vertx;
  private final MultiMap<String, String> rooms;

  public HazelcastRoomPresence(Vertx vertx, HazelcastInstance hazelcast) {
    this.vertx = vertx;
    this.rooms = hazelcast.getMultiMap(MAP);
  }

  @Override
  public Future<Void> enter(String room, Participant participant) {
    return vertx.executeBlocking(() -> {
      rooms.put(room, participant.toStored().encode());
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
}
