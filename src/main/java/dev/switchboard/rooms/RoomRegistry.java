package dev.switchboard.rooms;

import dev.switchboard.auth.Principal;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * This node's rooms: which local sessions are in which room. A room with local members holds exactly
 * one cluster subscription on its channel, however many sessions it has here, so the cluster's
 * subscription state grows with rooms per node, never with connections.
 * <p>
 * Not thread-safe: it lives on the event loop of the verticle that owns the transport.
 */
public final class RoomRegistry {
  /** A room with an event within this window counts as active in the node's snapshot. */
  static final long ACTIVE_WINDOW_MS = 60_000;

  private final EventBus bus;
  private final GatewayMetrics metrics;
  private final Map<String, LocalRoom> rooms = new HashMap<>();
  private final Map<String, Set<String>> roomsBySession = new HashMap<>();
  private Recheck recheck = (session, room, changedAt) -> Future.succeededFuture();

  /** Asks the domain that owns {@code room} again whether the session may hear it, after a change it announced. */
  @FunctionalInterface
  public interface Recheck {
    /**
     * Succeeds if the session may still hear the room; fails with the refusal otherwise.
     * {@code changedAtNanos} ({@link System#nanoTime()}) is when this node heard of the change: what
     * the domain knew before it is stale.
     */
    Future<Void> allowed(Session session, String room, long changedAtNanos);
  }

  public RoomRegistry(EventBus bus, GatewayMetrics metrics) {
    this.bus = bus;
    this.metrics = metrics;
    metrics.rooms(rooms::size);
  }

  /**
   * Starts answering node-local requests to drop a session from a room, and deciding who may
   * register on a personal address {@code user:{id}}: that user only.
   */
  public Future<Void> start() {
    return Future.all(bus.localConsumer(Addresses.SESSIONS_LEAVE, this::onLeave).completion(),
      bus.<JsonObject>localConsumer(Addresses.authorizer(Addresses.USER_FAMILY), this::authorizePersonal).completion(),
      bus.localConsumer(Addresses.SESSIONS_SNAPSHOT, this::snapshot).completion(),
      bus.<JsonObject>localConsumer(Addresses.SESSIONS_LISTENING, this::listening).completion(),
      bus.<JsonObject>consumer(Addresses.ROOMS_MULTICAST, this::multicast).completion())
      .mapEmpty();
  }

  /** How a room's sessions are checked again when its domain says access to it changed (the subscribe rule). */
  public void recheckWith(Recheck recheck) {
    this.recheck = recheck;
  }

  /** A new session: tells this node's domains who it belongs to. */
  public void add(Session session) {
    roomsBySession.put(session.id(), new HashSet<>());
    bus.publish(Addresses.SESSIONS_OPENED, new JsonObject().put("session", session.id()),
      Requests.as(session.principal(), session.id()));
  }

  /** Adds the session to the room; completes once this node receives the room's events. */
  public Future<Void> join(Session session, String room) {
    Set<String> joined = roomsBySession.get(session.id());
    if (joined == null) {
      // closed while its register was being authorized
      return Future.succeededFuture();
    }
    LocalRoom local = rooms.get(room);
    if (local == null) {
      local = new LocalRoom(room);
      rooms.put(room, local);
      LocalRoom created = local;
      local.consumer = bus.<Buffer>consumer(Addresses.roomChannel(room), message -> deliver(created, message));
    }
    if (joined.add(room)) {
      local.sessions.add(session);
    }
    return local.consumer.completion();
  }

  /**
   * Adds the session to the room, and first writes it what it missed: the events {@code missed}
   * finds (a catch-up answer, see {@link CatchUp}), read once this node receives the room's live
   * events. Live events that arrive meanwhile wait, and are written after the missed ones; a live
   * event with a seq already replayed is dropped, then and later (one published before the read can
   * arrive after it): in order, each once. Completes once all is written; fails with the catch-up's
   * failure, after which the live events flow on.
   */
  public Future<Void> join(Session session, String room, Supplier<Future<JsonObject>> missed) {
    Future<Void> joined = join(session, room);
    LocalRoom local = rooms.get(room);
    if (local == null) {
      return joined;
    }
    var catchingUp = new CatchingUp();
    local.catchingUp.put(session.id(), catchingUp);
    return joined.compose(v -> missed.get()).andThen(result -> {
      if (result.succeeded()) {
        replay(session, room, result.result(), catchingUp.replayed);
      }
      List<Held> held = catchingUp.held;
      catchingUp.held = null;
      held.stream().filter(event -> !catchingUp.replayedAlready(event.event, seqOf(event.payload)))
        .forEach(event -> session.write(session.encoder().encode(room, event.event, event.payload)));
      if (catchingUp.replayed.isEmpty()) {
        local.catchingUp.remove(session.id());
      }
    }).mapEmpty();
  }

  /** Writes the missed events in order, noting the highest seq replayed per event name. */
  private static void replay(Session session, String room, JsonObject missed, Map<String, Long> highest) {
    for (Object item : missed.getJsonArray("events")) {
      JsonObject event = (JsonObject) item;
      JsonObject payload = event.getJsonObject("payload");
      highest.merge(event.getString("event"), payload.getLong("seq", 0L), Math::max);
      session.write(session.encoder().encode(room, event.getString("event"), payload.toBuffer()));
    }
  }

  /** The rooms the session is in now (empty once it is removed). */
  public Set<String> roomsOf(String sessionId) {
    Set<String> joined = roomsBySession.get(sessionId);
    return joined == null ? Set.of() : Set.copyOf(joined);
  }

  /** Removes the session from the room; the last local member takes the cluster subscription with it. */
  public void leave(String sessionId, String room) {
    Set<String> joined = roomsBySession.get(sessionId);
    if (joined != null && joined.remove(room)) {
      detach(sessionId, room);
    }
  }

  /** Removes a closed session from all its rooms, and tells this node's domains it is gone. */
  public void remove(Session session) {
    Set<String> joined = roomsBySession.remove(session.id());
    if (joined != null) {
      joined.forEach(room -> detach(session.id(), room));
    }
    bus.publish(Addresses.SESSIONS_CLOSED, new JsonObject().put("session", session.id()),
      Requests.as(session.principal(), session.id()));
  }

  private void detach(String sessionId, String room) {
    LocalRoom local = rooms.get(room);
    if (local == null) {
      return;
    }
    local.sessions.removeIf(s -> s.id().equals(sessionId));
    local.catchingUp.remove(sessionId);
    if (local.sessions.isEmpty()) {
      rooms.remove(room);
      local.consumer.unregister();
    }
  }

  private void authorizePersonal(Message<JsonObject> message) {
    var principal = Principal.readFrom(message.headers());
    if (principal.isPresent() && Addresses.user(principal.get().id()).equals(message.body().getString("address"))) {
      message.reply(new JsonObject());
    } else {
      ErrorCode.ACCESS_DENIED.exception("only its owner may listen on " + message.body().getString("address")).failOn(message);
    }
  }

  private void onLeave(Message<JsonObject> message) {
    leave(message.body().getString("session"), message.body().getString("room"));
    message.reply(null);
  }

  /** Sessions on this node, the conversation rooms they are in, and those with an event in the last minute. */
  private void snapshot(Message<Object> request) {
    long since = System.currentTimeMillis() - ACTIVE_WINDOW_MS;
    JsonArray all = new JsonArray();
    JsonArray active = new JsonArray();
    rooms.values().stream().filter(room -> Addresses.isConversation(room.address)).forEach(room -> {
      all.add(room.address);
      if (room.lastEventAt >= since) {
        active.add(room.address);
      }
    });
    request.reply(new JsonObject().put("sessions", roomsBySession.size()).put("rooms", all).put("active", active));
  }

  private void listening(Message<JsonObject> request) {
    request.reply(new JsonObject().put("listening", rooms.containsKey(request.body().getString("room"))));
  }

  /** The rooms of a multicast that have members here each get the event. */
  private void multicast(Message<JsonObject> message) {
    JsonObject body = message.body();
    Buffer payload = null;
    for (Object address : body.getJsonArray("rooms")) {
      LocalRoom room = rooms.get((String) address);
      if (room != null) {
        payload = payload == null ? body.getJsonObject("payload").toBuffer() : payload;
        deliver(room, body.getString("event"), payload, null, principal -> true);
      }
    }
  }

  private void deliver(LocalRoom room, Message<Buffer> message) {
    if (message.headers().contains(RoomBus.HEADER_ACCESS_CHANGED)) {
      recheck(room);
      return;
    }
    String ticket = message.headers().get(RoomBus.HEADER_TICKET);
    deliver(room, message.headers().get(Addresses.HEADER_EVENT), message.body(),
      message.headers().get(RoomBus.HEADER_EXCLUDE), Audience.valueOf(message.headers().get(RoomBus.HEADER_AUDIENCE))
        .admitting(ticket == null ? null : new JsonObject(ticket)));
  }

  private void deliver(LocalRoom room, String event, Buffer payload, String exclude, Predicate<Principal> admitted) {
    room.lastEventAt = System.currentTimeMillis();
    // One encoding per transport kind for the whole room, then the same bytes to every session.
    Map<FrameEncoder, String> frames = new IdentityHashMap<>(2);
    String excludedUser = RoomBus.excludedUser(exclude);
    long seq = UNREAD;
    int written = 0;
    for (Session session : List.copyOf(room.sessions)) {
      if (session.id().equals(exclude) || session.principal().id().equals(excludedUser)
        || !admitted.test(session.principal())) {
        continue;
      }
      List<Held> held = heldFor(room, session);
      if (held != null) {
        held.add(new Held(event, payload));
        continue;
      }
      CatchingUp caughtUp = room.catchingUp.isEmpty() ? null : room.catchingUp.get(session.id());
      if (caughtUp != null && caughtUp.replayed.containsKey(event)) {
        // read once for the whole room, and only where a session that caught up needs it
        seq = seq == UNREAD ? seqOf(payload) : seq;
        if (caughtUp.replayedAlready(event, seq)) {
          continue;
        }
      }
      String frame = frames.computeIfAbsent(session.encoder(), e -> e.encode(room.address, event, payload));
      session.write(frame);
      written++;
    }
    metrics.delivered(written);
  }

  /**
   * Asks again, for each session in the room, whether it may hear it. The room's events that arrive
   * meanwhile wait for the answer: a session refused now never gets them; it is dropped from the
   * room and told why. A failure that is not a refusal (the store did not answer) keeps it in.
   */
  private void recheck(LocalRoom room) {
    long changedAt = System.nanoTime();
    for (Session session : List.copyOf(room.sessions)) {
      Rechecking pending = room.rechecking.computeIfAbsent(session.id(), id -> new Rechecking());
      pending.answers++;
      recheck.allowed(session, room.address, changedAt).onComplete(result -> {
        GatewayException refusal = result.failed() ? GatewayException.from(result.cause()) : null;
        if (refusal != null && refusal.code().status() < 500 && room.sessions.contains(session)) {
          leave(session.id(), room.address);
          session.revoked(room.address, refusal);
        }
        if (--pending.answers == 0) {
          room.rechecking.remove(session.id());
          if (room.sessions.contains(session)) {
            CatchingUp caughtUp = room.catchingUp.get(session.id());
            pending.held.forEach(event -> {
              if (caughtUp != null && caughtUp.held != null) {
                caughtUp.held.add(event);
              } else if (caughtUp == null || !caughtUp.replayedAlready(event.event, seqOf(event.payload))) {
                session.write(session.encoder().encode(room.address, event.event, event.payload));
              }
            });
          }
        }
      });
    }
  }

  /** A session whose access is being checked again, and the room's events that wait for the answer. */
  private static final class Rechecking {
    final List<Held> held = new ArrayList<>();
    int answers;
  }

  /** An event's seq, not read yet. */
  private static final long UNREAD = Long.MIN_VALUE;

  /** The seq of an event's payload; one without is newer than anything replayed. */
  private static long seqOf(Buffer payload) {
    return payload.toJsonObject().getLong("seq", Long.MAX_VALUE);
  }

  /** A live event that waits while its session catches up, or while its access is checked again. */
  private record Held(String event, Buffer payload) {
  }

  /** Where the room's live events wait for the session now, or null when they go to it. */
  private static List<Held> heldFor(LocalRoom room, Session session) {
    CatchingUp catchingUp = room.catchingUp.isEmpty() ? null : room.catchingUp.get(session.id());
    if (catchingUp != null && catchingUp.held != null) {
      return catchingUp.held;
    }
    Rechecking rechecking = room.rechecking.isEmpty() ? null : room.rechecking.get(session.id());
    return rechecking == null ? null : rechecking.held;
  }

  /**
   * A session that caught up in a room: the live events that wait while it does, and then the
   * highest seq replayed per event name, below which a live event is one it already has.
   */
  private static final class CatchingUp {
    final Map<String, Long> replayed = new HashMap<>();
    List<Held> held = new ArrayList<>();

    boolean replayedAlready(String event, long seq) {
      Long highest = replayed.get(event);
      return highest != null && seq <= highest;
    }
  }

  private static final class LocalRoom {
    final String address;
    final List<Session> sessions = new ArrayList<>();
    /** Sessions that caught up here: what waits for them, and what they already have. */
    final Map<String, CatchingUp> catchingUp = new HashMap<>(0);
    /** Sessions whose access is being checked again after a change. */
    final Map<String, Rechecking> rechecking = new HashMap<>(0);
    MessageConsumer<Buffer> consumer;
    long lastEventAt;

    LocalRoom(String address) {
      this.address = address;
    }
  }
}
