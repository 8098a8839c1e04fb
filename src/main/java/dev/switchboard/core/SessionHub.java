package dev.switchboard.core;

import dev.switchboard.bus.Addresses;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.rooms.RoomRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The node's open sessions, of every protocol: it closes the idle and the expired ones, the sessions
 * of a user an admin disconnects, and all of them on a drain. Protocols open and close their
 * sessions here; rooms and domains hear of them through the {@link RoomRegistry}.
 * <p>
 * Not thread-safe: it lives on the HTTP verticle's event loop, with the sockets.
 */
public final class SessionHub {
  /** Every {@link HubSession#transport()} label, each a {@code switchboard_sessions} gauge. */
  public static final List<String> TRANSPORTS = List.of("sockjs", "websocket", "socketio");

  private final Vertx vertx;
  private final RoomRegistry rooms;
  private final long pingTimeoutMs;
  private final Map<String, HubSession> sessions = new HashMap<>();
  private long sweepTimer = -1;
  private boolean draining;

  public SessionHub(Vertx vertx, RoomRegistry rooms, GatewayMetrics metrics, long pingTimeoutMs) {
    this.vertx = vertx;
    this.rooms = rooms;
    this.pingTimeoutMs = pingTimeoutMs;
    TRANSPORTS.forEach(transport -> metrics.sessions(transport, () -> count(s -> s.transport().equals(transport))));
  }

  /** Starts the sweep of idle and expired sessions, and listening for a user's disconnection. */
  public Future<Void> start() {
    sweepTimer = vertx.setPeriodic(Math.max(1000, pingTimeoutMs / 2), id -> sweep());
    return vertx.eventBus().<JsonObject>consumer(Addresses.SESSIONS_KICK, message -> kick(message.body().getString("userId")))
      .completion();
  }

  public void open(HubSession session) {
    sessions.put(session.id(), session);
    rooms.add(session);
  }

  /** Forgets a session whose connection has closed; a second call does nothing. */
  public void closed(HubSession session) {
    if (sessions.remove(session.id()) != null) {
      rooms.remove(session);
    }
  }

  public boolean isOpen(HubSession session) {
    return sessions.containsKey(session.id());
  }

  /** Whether new connections are refused (the node is draining). */
  public boolean draining() {
    return draining;
  }

  /** Refuses new connections from now on and tells every open session to reconnect elsewhere. */
  public void drain() {
    draining = true;
    closeAll(CloseReason.DRAINING);
  }

  /** Closes every session (the node is going away). */
  public void stop() {
    vertx.cancelTimer(sweepTimer);
    closeAll(CloseReason.SHUTDOWN);
  }

  public int count() {
    return sessions.size();
  }

  private long count(Predicate<HubSession> which) {
    return sessions.values().stream().filter(which).count();
  }

  private void closeAll(CloseReason reason) {
    new ArrayList<>(sessions.values()).forEach(session -> session.close(reason));
  }

  /** Closes this node's sessions of the user (an admin disconnected them everywhere). */
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
