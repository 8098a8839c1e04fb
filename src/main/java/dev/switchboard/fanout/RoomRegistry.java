package dev.switchboard.fanout;

import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One event loop's rooms: which of its sessions are in which room. The node's {@link RoomChannels}
 * holds each room's one cluster subscription and hands this registry the room's events, which it
 * encodes once per protocol and writes to its members.
 * <p>
 * Not thread-safe: it lives on the event loop of the HTTP verticle instance that owns its sockets,
 * and what other loops hand it runs there in its turn.
 */
public final class RoomRegistry {
  /** A room with an event within this window counts as active in the node's snapshot. */
  static final long ACTIVE_WINDOW_MS = 60_000;

  private final EventBus bus;
  private final RoomChannels channels;
  private final ContextInternal context;
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

  /** The registry of the event loop of the calling context, fed by the node's {@code channels}. */
  public RoomRegistry(EventBus bus, RoomChannels channels, GatewayMetrics metrics) {
    this.bus = bus;
    this.channels = channels;
    this.context = ContextInternal.current();
    this.metrics = metrics;
  }

  /**
   * Joins the node's channels. The first loop to start keeps them, and answers for the whole node
   * the node-local requests about its sessions and rooms ({@link RoomChannels}).
   */
  public Future<Void> start() {
    return channels.start(this);
  }

  /** How a room's sessions are checked again when its domain says access to it changed (the subscribe rule). */
  public void recheckWith(Recheck recheck) {
    this.recheck = recheck;
  }

  /** A new session: tells this node's domains who it belongs to. */
  public void add(Session session) {
    roomsBySession.put(session.id(), new HashSet<>());
    channels.sessionAdded();
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
      local.subscribed = channels.subscribe(room, this);
    }
    if (joined.add(room)) {
      local.sessions.add(session);
    }
    return local.subscribed;
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
      channels.sessionRemoved();
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
      channels.unsubscribe(room, this);
    }
  }

  /** A room event handed over by the home loop, for some of this loop's rooms: written here, in its turn. */
  void receive(List<String> rooms, RoomEvent event) {
    call(() -> {
      for (String room : rooms) {
        LocalRoom local = this.rooms.get(room);
        if (local != null) {
          deliver(local, event);
        }
      }
      return Future.succeededFuture();
    });
  }

  /** The room's domain says who may hear it changed: its sessions here are asked about again. */
  void accessChanged(String room) {
    call(() -> {
      LocalRoom local = rooms.get(room);
      if (local != null) {
        recheck(local);
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Runs {@code task} on this registry's loop: at once when called there (on one loop, always), else
   * in the loop's turn. Its outcome is told on the caller's context.
   */
  <T> Future<T> call(Supplier<Future<T>> task) {
    if (context.isRunningOnContext()) {
      return task.get();
    }
    Promise<T> outcome = ContextInternal.current().promise();
    context.runOnContext(v -> task.get().onComplete(outcome));
    return outcome.future();
  }

  private void deliver(LocalRoom room, RoomEvent event) {
    // One encoding per transport kind for the whole room, then the same bytes to every session.
    Map<FrameEncoder, String> frames = new IdentityHashMap<>(2);
    long seq = UNREAD;
    int written = 0;
    for (Session session : List.copyOf(room.sessions)) {
      if (!event.reaches(session)) {
        continue;
      }
      List<Held> held = heldFor(room, session);
      if (held != null) {
        held.add(new Held(event.event(), event.payload()));
        continue;
      }
      CatchingUp caughtUp = room.catchingUp.isEmpty() ? null : room.catchingUp.get(session.id());
      if (caughtUp != null && caughtUp.replayed.containsKey(event.event())) {
        // read once for the whole room, and only where a session that caught up needs it
        seq = seq == UNREAD ? seqOf(event.payload()) : seq;
        if (caughtUp.replayedAlready(event.event(), seq)) {
          continue;
        }
      }
      String frame = frames.computeIfAbsent(session.encoder(), e -> e.encode(room.address, event.event(), event.payload()));
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
    /** Completes, on this loop, once the node receives the room's events. */
    Future<Void> subscribed;

    LocalRoom(String address) {
      this.address = address;
    }
  }
}
