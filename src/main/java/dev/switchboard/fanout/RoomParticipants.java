package dev.switchboard.fanout;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Who is in which room, for a domain that tells a room who comes and goes (a ticket's
 * participants). A user is in a room once per connection, so one user may be there twice, and
 * leaves it with their {@code leave}, when the connection closes, or when its node dies. The domain
 * names the request that enters or leaves, never the connection: that is read here, and this node's
 * closed connections are followed here, from the sessions' {@code SESSIONS_CLOSED} event.
 * <p>
 * Not thread-safe: it lives on the context of the domain's verticle.
 */
public final class RoomParticipants {
  private final RoomPresence presence;
  /** The rooms each connection of this node is in, or is entering; a closed one is gone. */
  private final Map<String, Map<String, Participant>> bySession = new HashMap<>();
  private BiConsumer<String, Participant> left = (room, participant) -> { };

  public RoomParticipants(RoomPresence presence) {
    this.presence = presence;
  }

  /**
   * Tells {@code handler}, by room, of each participant gone without a {@code leave}: their
   * connection closed, or their node died. Completes once this node's closes are followed.
   */
  public Future<Void> start(EventBus bus, BiConsumer<String, Participant> handler) {
    left = handler;
    presence.onDeparted(handler);
    return bus.<JsonObject>localConsumer(Addresses.SESSIONS_CLOSED, this::closed).completion();
  }

  /**
   * Enters the connection that sent {@code request} into {@code room} as {@code who} (its
   * {@code sessionId} aside) once {@code admitted} succeeds, and completes with the participant
   * when it is new there. It completes with null when there is nobody to enter (a REST request), the
   * connection is in the room already, or it closed meanwhile; and fails as {@code admitted} does.
   * The connection is noted at once, before {@code admitted} is decided, so that a close that
   * overtakes the admission is not missed.
   */
  public Future<Participant> enter(Message<?> request, String room, Participant who, Future<?> admitted) {
    String session = Requests.sessionOf(request);
    if (session == null) {
      return admitted.map(ignored -> null);
    }
    Map<String, Participant> rooms = bySession.computeIfAbsent(session, s -> new HashMap<>());
    if (rooms.containsKey(room)) {
      return admitted.map(ignored -> null);
    }
    var participant = new Participant(session, who.userId(), who.userName(), who.userType());
    rooms.put(room, participant);
    return admitted.compose(ignored -> {
      if (!noted(session, room, participant)) {
        return Future.succeededFuture(null);
      }
      // a close that came while the entry was written has removed it before it was there
      return presence.enter(room, participant).compose(entered -> noted(session, room, participant)
        ? Future.succeededFuture(participant) : presence.leave(room, session).map(gone -> null));
    }, failure -> {
      if (noted(session, room, participant)) {
        bySession.get(session).remove(room);
      }
      return Future.failedFuture(failure);
    });
  }

  /** Takes the connection that sent {@code request} out of {@code room}; the participant if it was there, else null. */
  public Future<Participant> leave(Message<?> request, String room) {
    String session = Requests.sessionOf(request);
    Map<String, Participant> rooms = session == null ? null : bySession.get(session);
    Participant participant = rooms == null ? null : rooms.remove(room);
    if (participant == null) {
      return Future.succeededFuture(null);
    }
    return presence.leave(room, session).map(wasThere -> wasThere ? participant : null);
  }

  /** Everyone in the room, on every node. */
  public Future<List<Participant>> in(String room) {
    return presence.in(room);
  }

  private boolean noted(String session, String room, Participant participant) {
    Map<String, Participant> rooms = bySession.get(session);
    return rooms != null && rooms.get(room) == participant;
  }

  private void closed(Message<JsonObject> event) {
    String session = event.body().getString("session");
    Map<String, Participant> rooms = bySession.remove(session);
    if (rooms != null) {
      rooms.forEach((room, participant) -> presence.leave(room, session).onSuccess(wasThere -> {
        if (wasThere) {
          left.accept(room, participant);
        }
      }));
    }
  }
}
