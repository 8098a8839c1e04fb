package dev.switchboard.core;

import dev.switchboard.bus.Addresses;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
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
  public static final List<String> TRANSPORTS = List.of("sockjs", "websocket", "socketio", "wsjson");
  private static final long CONNECT_PERIOD_MS = 1000;

  private final Vertx vertx;
  private final RoomRegistry rooms;
  private final long pingTimeoutMs;
  private final Map<String, HubSession> sessions = new HashMap<>();
  private final long connectIntervalMs;
  private long sweepTimer = -1;
  private boolean draining;
  /** The connection budget's state ({@link Gcra}): a connect storm is refused, not queued. */
  private long connectTat;

  public SessionHub(Vertx vertx, RoomRegistry rooms, GatewayMetrics metrics, long pingTimeoutMs, int connectsPerSecond) {
    this.vertx = vertx;
    this.rooms = rooms;
    this.pingTimeoutMs = pingTimeoutMs;
    this.connectIntervalMs = Math.max(1, CONNECT_PERIOD_MS / connectsPerSecond);
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

  /**
   * Whether a request may go on now: none while draining ({@code NODE_DRAINING}); and one that opens
   * a connection only within the node's connection rate ({@code RATE_LIMIT_EXCEEDED}), so a
   * reconnect storm is spread out instead of served all at once.
   */
  public Future<Void> admit(boolean opensConnection) {
    if (draining) {
      return Future.failedFuture(ErrorCode.NODE_DRAINING.exception("this node is shutting down; connect to another one"));
    }
    if (!opensConnection) {
      return Future.succeededFuture();
    }
    Gcra.Decision decision = Gcra.use(connectTat, System.currentTimeMillis(), connectIntervalMs, CONNECT_PERIOD_MS);
    if (!decision.allowed()) {
      return Future.failedFuture(GatewayException.rateLimited("this node takes no more connections this second",
        decision.waitMs()));
    }
    connectTat = decision.tat();
    return Future.succeededFuture();
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
