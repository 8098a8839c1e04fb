package dev.switchboard.fanout;

import dev.switchboard.auth.Principal;
import dev.switchboard.support.TicketScope;
import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

/** Which sessions of a room may see an event; checked on the node that writes to the session. */
public enum Audience {
  EVERYONE,
  STAFF,
  /**
   * Staff who may see the ticket the event is about, by {@link TicketScope}'s rule: its fields that
   * the rule reads travel with the event, so each session's own scope decides.
   */
  STAFF_SEEING_TICKET;

  /** Who is admitted to one event; {@code ticket} is the event's ticket fields, for {@link #STAFF_SEEING_TICKET}. */
  Predicate<Principal> admitting(JsonObject ticket) {
    return switch (this) {
      case EVERYONE -> principal -> true;
      case STAFF -> principal -> principal.role().staff();
      case STAFF_SEEING_TICKET -> principal -> principal.role().staff() && TicketScope.of(principal).admits(ticket);
    };
  }
}
