package dev.switchboard.socketio;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recoverable socket's client has of the stored events of the rooms it joined: per room the
 * seq it surely has, confirmed by its answer to a ping (the transport delivers in order, so it has
 * everything written before the ping), and the positions written since, which it may or may not
 * have. When it comes back, the offset it reports says how far into those it got.
 */
final class Received {
  private final Map<String, Long> confirmed = new HashMap<>();
  private final List<Position> written = new ArrayList<>();
  /** How many of {@link #written} the last unanswered ping follows, or -1. */
  private int pinged = -1;
  private boolean moved;

  /** The client has everything of the room up to {@code seq} (a join's {@code lastSeq}, or where a resume starts). */
  void joined(String room, long seq) {
    confirmed.merge(room, seq, Math::max);
    moved = true;
  }

  void written(Position position) {
    if (confirmed.containsKey(position.room())) {
      written.add(position);
    }
  }

  void pinged() {
    pinged = written.size();
  }

  /** The client answered the ping; whether what it surely has moved since last asked. */
  boolean answered() {
    if (pinged >= 0) {
      List<Position> delivered = written.subList(0, pinged);
      delivered.forEach(position -> confirmed.merge(position.room(), position.seq(), Math::max));
      delivered.clear();
      pinged = -1;
    }
    boolean result = moved || !written.isEmpty();
    moved = false;
    return result;
  }

  /** The record kept for a comeback: the rooms the socket is still in, and what was written unconfirmed. */
  JsonObject toJson(String userId, String namespace, Set<String> rooms) {
    JsonObject seqs = new JsonObject();
    confirmed.forEach((room, seq) -> {
      if (rooms.contains(room)) {
        seqs.put(room, seq);
      }
    });
    JsonArray unconfirmed = new JsonArray();
    written.stream().filter(position -> rooms.contains(position.room())).forEach(position -> unconfirmed.add(position.offset()));
    return new JsonObject().put("userId", userId).put("namespace", namespace).put("rooms", seqs).put("written", unconfirmed);
  }

  /**
   * Where to resume each room of a record, given the offset the client reports: what was confirmed,
   * then what was written up to and including the reported position, which it did get, and in the
   * reported position's own room everything up to it (a room's events arrive in order).
   */
  static Map<String, Long> resume(JsonObject record, Position lastReceived) {
    Map<String, Long> after = new HashMap<>();
    record.getJsonObject("rooms").forEach(room -> after.put(room.getKey(), ((Number) room.getValue()).longValue()));
    List<Position> unconfirmed = record.getJsonArray("written").stream().map(Position::parse).toList();
    int got = lastReceived == null ? -1 : unconfirmed.indexOf(lastReceived);
    List<Position> delivered = new ArrayList<>(unconfirmed.subList(0, got + 1));
    if (lastReceived != null) {
      delivered.add(lastReceived);
    }
    for (Position position : delivered) {
      after.computeIfPresent(position.room(), (room, seq) -> Math.max(seq, position.seq()));
    }
    return after;
  }
}
