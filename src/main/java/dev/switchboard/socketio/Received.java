package dev.switchboard.socketio;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a recoverable socket's client has of the stored events of the rooms it joined: per room the
 * seq it surely has, confirmed by its answer to a ping (the transport delivers in order, so it has
 * everything written before the ping), and the positions written since, which it may or may not
 * have. When it comes back, the offset it reports says how far into those it got.
 * <p>
 * Kept small, since every connection has one: the rooms and their seqs in two short arrays, the
 * positions (shared by all the sockets that got the same event) in a third.
 */
final class Received {
  private static final String[] NO_ROOMS = {};
  private static final long[] NO_SEQS = {};
  private static final Position[] NOTHING_WRITTEN = {};
  private static final int FIRST_CAPACITY = 4;

  private String[] rooms = NO_ROOMS;
  private long[] confirmed = NO_SEQS;
  private Position[] written = NOTHING_WRITTEN;
  private int count;
  /** How many of {@link #written} the last unanswered ping follows, or -1. */
  private int pinged = -1;

  /** The client has everything of the room up to {@code seq} (a join's {@code lastSeq}, or where a resume starts). */
  void joined(String room, long seq) {
    int at = indexOf(room);
    if (at < 0) {
      rooms = Arrays.copyOf(rooms, rooms.length + 1);
      confirmed = Arrays.copyOf(confirmed, confirmed.length + 1);
      at = rooms.length - 1;
      rooms[at] = room;
      confirmed[at] = seq;
    } else {
      confirmed[at] = Math.max(confirmed[at], seq);
    }
  }

  /** A stored event was written to the socket; one of a room it did not join is not its business. */
  void written(Position position) {
    if (indexOf(position.room()) < 0) {
      return;
    }
    if (count == written.length) {
      written = Arrays.copyOf(written, Math.max(FIRST_CAPACITY, count * 2));
    }
    written[count++] = position;
  }

  void pinged() {
    pinged = count;
  }

  /**
   * The client answered the ping: what was written before it is confirmed. Whether the record kept
   * for a comeback after this node dies should be written again: only for a socket
   * {@link #inSeveralRooms in several rooms} whose client got something new.
   */
  boolean answered() {
    if (pinged < 0) {
      return false;
    }
    for (int i = 0; i < pinged; i++) {
      int at = indexOf(written[i].room());
      confirmed[at] = Math.max(confirmed[at], written[i].seq());
    }
    boolean moved = pinged > 0;
    System.arraycopy(written, pinged, written, 0, count - pinged);
    Arrays.fill(written, count - pinged, count, null);
    count -= pinged;
    pinged = -1;
    return moved && inSeveralRooms();
  }

  /**
   * Whether the record of the joins leaves something out: with one room, the offset the client
   * reports says where it stands; with more, only one of them.
   */
  boolean inSeveralRooms() {
    return rooms.length > 1;
  }

  /** The record kept for a comeback: the rooms the socket is still in, and what was written unconfirmed. */
  JsonObject toJson(String userId, String namespace, Set<String> in) {
    JsonObject seqs = new JsonObject();
    for (int i = 0; i < rooms.length; i++) {
      if (in.contains(rooms[i])) {
        seqs.put(rooms[i], confirmed[i]);
      }
    }
    JsonArray unconfirmed = new JsonArray();
    for (int i = 0; i < count; i++) {
      if (in.contains(written[i].room())) {
        unconfirmed.add(written[i].offset());
      }
    }
    return new JsonObject().put("userId", userId).put("namespace", namespace).put("rooms", seqs).put("written", unconfirmed);
  }

  private int indexOf(String room) {
    for (int i = 0; i < rooms.length; i++) {
      if (rooms[i].equals(room)) {
        return i;
      }
    }
    return -1;
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
