package dev.switchboard.fanout;

import dev.switchboard.auth.Principal;
import io.vertx.core.buffer.Buffer;

import java.util.function.Predicate;

/**
 * A room event as the node received it, read once for every event loop that has members of the
 * room: its name, its payload's bytes, whom it skips and whom it admits. Never changed once made,
 * so the loops share it.
 *
 * @param exclude      a session id, or {@code user=ID} for a user's sessions (see {@link RoomBus}), or null
 * @param excludedUser the user {@code exclude} names, or null
 */
record RoomEvent(String event, Buffer payload, String exclude, String excludedUser, Predicate<Principal> admitted) {

  static RoomEvent of(String event, Buffer payload, String exclude, Predicate<Principal> admitted) {
    return new RoomEvent(event, payload, exclude, RoomBus.excludedUser(exclude), admitted);
  }

  /** Whether the session gets the event, by who it is (its catching up aside). */
  boolean reaches(Session session) {
    return !session.id().equals(exclude) && !session.principal().id().equals(excludedUser)
      && admitted.test(session.principal());
  }
}
