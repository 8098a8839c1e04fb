package dev.switchboard.rooms;

import io.vertx.core.Future;

import java.util.List;

/** Who has joined which room, across the cluster (a session per entry, so one user may be there twice). */
public interface RoomPresence {

  Future<Void> enter(String room, Participant participant);

  /** Removes the session from the room; true if it was there. */
  Future<Boolean> leave(String room, String sessionId);

  Future<List<Participant>> in(String room);
}
