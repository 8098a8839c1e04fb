package dev.switchboard.chat;

import dev.switchboard.payload.SeqRange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Where rooms and their messages are kept. Failures are coded: {@code ROOM_NOT_FOUND},
 * {@code ROOM_EXISTS}, {@code ACCESS_DENIED}, {@code ROOM_INACTIVE}, {@code STORE_UNAVAILABLE}.
 */
public interface ChatStore {

  /** Stores a new room; fails {@code ROOM_EXISTS} if its id is taken. */
  Future<Room> createRoom(Room room);

  /**
   * Sets the room's fields in {@code changes} (any of {@code name}, {@code members}, {@code active})
   * and returns the room after; fails {@code ROOM_NOT_FOUND}.
   */
  Future<Room> updateRoom(String roomId, JsonObject changes);

  /** The room with this id; fails {@code ROOM_NOT_FOUND}. */
  Future<Room> findRoom(String roomId);

  /** The {@code seq} of the room's latest stored message, {@code 0} before the first (or if there is no such room). */
  Future<Long> lastSeq(String roomId);

  /**
   * Stores a message with the room's next sequence number, once: a second append with the same
   * sender and {@code tempId} returns the first one, marked duplicate. Fails if the room is missing
   * or inactive, or if membership is required and the sender is not a member.
   */
  Future<AppendResult> append(NewMessage message);

  /** The room's messages in the range, in its order. */
  Future<List<ChatMessage>> messages(String roomId, SeqRange range);
}
