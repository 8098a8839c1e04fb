package dev.switchboard.rooms;

import dev.switchboard.auth.Principal;

/** Which sessions of a room may see an event; checked on the node that writes to the session. */
public enum Audience {
  EVERYONE,
  STAFF;

  public boolean admits(Principal principal) {
    return this == EVERYONE || principal.role().staff();
  }
}
