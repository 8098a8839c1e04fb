package dev.switchboard.fanout;

import io.vertx.core.Future;

import java.util.List;
import java.util.function.BiConsumer;

/** Who has joined which room, across the cluster (a session per entry, so one user may be there twice). */
public interface RoomPresence {

  Future<Void> enter(String room, Participant participant);

  /** Removes the session from the room; true if it was there. */
  Future<Boolean> leave(String room, String sessionId);

  Future<List<Participant>> in(String room);

  /**
   * Tells {@code handler}, on the caller's context, of each participant removed from a room
   * because their node left the cluster without closing its sessions (a crash, a killed pod).
   * Each such participant is told once, on one of the surviving nodes.
   */
  void onDeparted(BiConsumer<String, Participant> handler);
}
