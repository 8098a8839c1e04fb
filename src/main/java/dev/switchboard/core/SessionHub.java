package dev.switchboard.core;

import dev.switchboard.bus.Addresses;
import dev.switchboard.fanout.RoomRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One event loop's open sessions, of every protocol: it closes the idle and the expired ones, the
 * sessions of a user an admin disconnects, and all of them on a drain. Protocols open and close their
 * sessions here; rooms and domains hear of them through the loop's {@link RoomRegistry}. What the
 * loops share (the connection budget, the drain, the counts) is the node's {@link NodeSessions}.
 * <p>
 * Not thread-safe: it lives on the event loop of its HTTP verticle instance, with the sockets.
 */
public final class SessionHub {
  /** Every {@link HubSession#transport()} label, each a {@code switchboard_sessions} gauge. */
  public static final List<String> TRANSPORTS = List.of("sockjs", "websocket", "socketio", "wsjson");

  private final Vertx vertx;
  private final Context context;
  private final NodeSessions node;
  private final RoomRegistry rooms;
  private final long pingTimeoutMs;
  private final Map<String, HubSession> sessions = new HashMap<>();
  /** The size of {@link #sessions}, for the node to read from any thread. */
  private volatile int size;
  private long sweepTimer = -1;

  /** The hub of the event loop of the calling context. */
  public SessionHub(Vertx vertx, NodeSessions node, RoomRegistry rooms, long pingTimeoutMs) {
    this.vertx = vertx;
    this.context = vertx.getOrCreateContext();
    this.node = node;
    this.rooms = rooms;
    this.pingTimeoutMs = pingTimeoutMs;
  }

  /**
   * Joins the node's hubs, starts the sweep of idle and expired sessions, and listens for a user's
   * disconnection: every loop's hub hears each kick and closes its own sessions of the user.
   */
  public Future<Void> start() {
    node.add(this);
    sweepTimer = vertx.setPeriodic(Math.max(1000, pingTimeoutMs / 2), id -> sweep());
    return vertx.eventBus().<JsonObject>consumer(Addresses.SESSIONS_KICK, message -> kick(message.body().getString("userId")))
      .completion();
  }

  public void open(HubSession session) {
    sessions.put(session.id(), session);
    size = sessions.size();
    node.opened(session);
    rooms.add(session);
  }

  /** Forgets a session whose connection has closed; a second call does nothing. */
  public void closed(HubSession session) {
    if (sessions.remove(session.id()) != null) {
      size = sessions.size();
      node.closed(session);
      rooms.remove(session);
    }
  }

  public boolean isOpen(HubSession session) {
    return sessions.containsKey(session.id());
  }

  /**
   * Whether a request may go on now: none while draining ({@code NODE_DRAINING}); and one that opens
   * a connection only within the node's connection rate ({@code RATE_LIMIT_EXCEEDED}), so a
   * reconnect storm is spread out instead of served all at once.
   */
  public Future<Void> admit(boolean opensConnection) {
    return node.admit(opensConnection);
  }

  /** Tells every open session of this loop to reconnect elsewhere, on the loop; completes on the caller's context. */
  Future<Void> drainOnLoop() {
    Promise<Void> drained = Promise.promise();
    context.runOnContext(v -> {
      closeAll(CloseReason.DRAINING);
      drained.complete();
    });
    return drained.future();
  }

  /** Closes every session (the node is going away). */
  public void stop() {
    node.remove(this);
    vertx.cancelTimer(sweepTimer);
    closeAll(CloseReason.SHUTDOWN);
  }

  /** Open sessions on this loop; read from any thread. */
  int size() {
    return size;
  }

  private void closeAll(CloseReason reason) {
    new ArrayList<>(sessions.values()).forEach(session -> session.close(reason));
  }

  /** Closes this loop's sessions of the user (an admin disconnected them everywhere). */
  private void kick(String userId) {
    new ArrayList<>(sessions.values()).stream().filter(s -> s.principal().id().equals(userId))
      .forEach(s -> s.close(CloseReason.KICKED));
  }

  private void sweep() {
    long now = System.currentTimeMillis();
    for (HubSession session : new ArrayList<>(sessions.values())) {
      if (session.expiresAt() <= now) {
        session.close(CloseReason.TOKEN_EXPIRED);
      } else if (session.idleSince(now - pingTimeoutMs)) {
        session.close(CloseReason.IDLE);
      }
    }
  }
}
