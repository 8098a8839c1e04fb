package dev.switchboard.fanout;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Collection;
import java.util.List;

/**
 * How a domain tells a room something. The payload is encoded once here and published once on the
 * room's cluster channel; each node that has members of the room receives it once.
 */
public final class RoomBus {
  static final String HEADER_EXCLUDE = "sb-exclude";
  /** An excluded user, as opposed to an excluded session, in {@link #HEADER_EXCLUDE}: session ids never start so. */
  private static final String EXCLUDED_USER = "user=";
  static final String HEADER_AUDIENCE = "sb-audience";
  /** The ticket fields {@link Audience#STAFF_SEEING_TICKET} decides on. */
  static final String HEADER_TICKET = "sb-ticket";
  /** Marks a message on a room's channel as news about the room itself, not an event for its sessions. */
  static final String HEADER_ACCESS_CHANGED = "sb-access-changed";

  private final EventBus bus;

  public RoomBus(EventBus bus) {
    this.bus = bus;
  }

  /**
   * Takes the connection that sent {@code request} out of a room (its {@code leave}); nothing for a
   * request that came from no connection (REST). The domain never sees which connection that is:
   * the command door put it on the request, and it is read here.
   */
  public Future<Void> unsubscribeCaller(Message<?> request, String room) {
    String session = Requests.sessionOf(request);
    if (session == null) {
      return Future.succeededFuture();
    }
    // node-local, like the session
    return bus.request(Addresses.SESSIONS_LEAVE, new JsonObject().put("session", session).put("room", room),
      new DeliveryOptions().setLocalOnly(true)).mapEmpty();
  }

  /** Delivers {@code payload} as {@code event} to every session in the room. */
  public void publish(String room, String event, JsonObject payload) {
    publish(room, event, payload, Audience.EVERYONE);
  }

  /** Delivers {@code payload} as {@code event} to the sessions in the room that {@code audience} admits. */
  public void publish(String room, String event, JsonObject payload, Audience audience) {
    publish(room, event, payload, null, audience);
  }

  /**
   * Like {@link #publish(String, String, JsonObject, Audience)}, except to the connection that sent
   * {@code request}, which got a reply instead (no one is left out of a REST request's event).
   */
  public void publishExceptCaller(Message<?> request, String room, String event, JsonObject payload, Audience audience) {
    publish(room, event, payload, Requests.sessionOf(request), audience);
  }

  private void publish(String room, String event, JsonObject payload, String exclude, Audience audience) {
    var options = new DeliveryOptions().addHeader(Addresses.HEADER_EVENT, event)
      .addHeader(HEADER_AUDIENCE, audience.name());
    if (exclude != null) {
      options.addHeader(HEADER_EXCLUDE, exclude);
    }
    bus.publish(Addresses.roomChannel(room), payload.toBuffer(), options);
  }

  /** Delivers {@code payload} as {@code event} to the room's sessions except those of {@code userId} (seed 004's {@code excludeUserId}). */
  public void publishExceptUser(String room, String event, JsonObject payload, String userId) {
    publish(room, event, payload, EXCLUDED_USER + userId, Audience.EVERYONE);
  }

  /** The user an exclusion names, or null when it names a session (or nothing). */
  static String excludedUser(String exclude) {
    return exclude != null && exclude.startsWith(EXCLUDED_USER) ? exclude.substring(EXCLUDED_USER.length()) : null;
  }

  /**
   * Delivers {@code payload} as {@code event} to the staff sessions in the room that may see the
   * ticket: {@code ticket} holds its fields that {@code TicketScope} reads (see {@code TicketScope.fieldsOf}).
   */
  public void publishToStaffSeeing(String room, String event, JsonObject payload, JsonObject ticket) {
    bus.publish(Addresses.roomChannel(room), payload.toBuffer(), new DeliveryOptions()
      .addHeader(Addresses.HEADER_EVENT, event).addHeader(HEADER_AUDIENCE, Audience.STAFF_SEEING_TICKET.name())
      .addHeader(HEADER_TICKET, ticket.encode()));
  }

  /**
   * Delivers {@code payload} as {@code event} to every session in any of {@code rooms}, in one cluster
   * message however many rooms there are; each node looks up the rooms it has members of.
   */
  public void multicast(Collection<String> rooms, String event, JsonObject payload) {
    if (!rooms.isEmpty()) {
      bus.publish(Addresses.ROOMS_MULTICAST, new JsonObject().put("rooms", new JsonArray(List.copyOf(rooms)))
        .put("event", event).put("payload", payload));
    }
  }

  /** Whether any session of this node is in the room: to skip building an event nobody here would get. */
  public Future<Boolean> listenedHere(String room) {
    return bus.<JsonObject>request(Addresses.SESSIONS_LISTENING, new JsonObject().put("room", room),
      new DeliveryOptions().setLocalOnly(true)).map(reply -> reply.body().getBoolean("listening"));
  }

  /**
   * Says that who may hear the room has changed (a member removed, a ticket reassigned): every node
   * asks the owning domain again, for each of its sessions in the room, and drops those it refuses.
   * It travels on the room's own channel, so the room's later events wait on each node until then.
   */
  public void accessChanged(String room) {
    bus.publish(Addresses.roomChannel(room), Buffer.buffer(), new DeliveryOptions().addHeader(HEADER_ACCESS_CHANGED, "true"));
  }

  /**
   * Delivers {@code payload} as {@code event} to this node's sessions in the room only: for news that
   * every node works out for itself (presence), so each session hears it once.
   */
  public void publishLocal(String room, String event, JsonObject payload) {
    bus.publish(Addresses.roomChannel(room), payload.toBuffer(), new DeliveryOptions().setLocalOnly(true)
      .addHeader(Addresses.HEADER_EVENT, event).addHeader(HEADER_AUDIENCE, Audience.EVERYONE.name()));
  }
}
