package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Connection state recovery's records, in the {@link RecoveryStore} so a client may come back to any
 * node, and after the node it was on died: by the private id ({@code pid}) the client got on
 * connect, who it was, its namespace and where it stood in each room (see {@link Received}).
 * The stored events themselves come back from MongoDB, through the domains' catch-up.
 * <p>
 * A record is written when the socket's rooms change (a join, a comeback), and for a socket in more
 * than one room also when its client confirmed more with a pong and when its connection is lost; in
 * between, and for a socket in one room always, the offset the client reports says where it stands.
 * None is written per event.
 */
final class SessionRecovery {
  private final RecoveryStore records;
  private final long windowMs;
  /**
   * The last request still in flight for each private id: the next one waits for it, so the writes
   * of a socket land in the order they were made, and a comeback to this node reads the record its
   * lost connection wrote, not the one before. Empty while nothing is being written.
   */
  private final Map<String, Future<?>> inFlight = new HashMap<>();

  SessionRecovery(RecoveryStore records, long windowMs) {
    this.records = records;
    this.windowMs = windowMs;
  }

  /**
   * Keeps a connected socket's record until its token expires, so a node that dies leaves the records
   * of its sockets behind for their comeback.
   */
  void keep(String pid, JsonObject record, long tokenExpiresAt) {
    inOrder(pid, () -> records.keep(pid, record, Math.max(System.currentTimeMillis() + windowMs, tokenExpiresAt)));
  }

  /** Keeps a lost socket's record for the recovery window; so does a refused comeback, for its next try. */
  Future<Void> lost(String pid, JsonObject record) {
    return inOrder(pid, () -> records.keep(pid, record, System.currentTimeMillis() + windowMs));
  }

  void forget(String pid) {
    inOrder(pid, () -> records.forget(pid));
  }

  /** The record of {@code pid}, taken so only one comeback uses it; null when there is none. */
  Future<JsonObject> take(String pid) {
    return inOrder(pid, () -> records.take(pid));
  }

  private <T> Future<T> inOrder(String pid, Supplier<Future<T>> request) {
    Future<?> before = inFlight.get(pid);
    Future<T> mine = before == null ? request.get() : before.transform(done -> request.get());
    inFlight.put(pid, mine);
    mine.onComplete(done -> inFlight.remove(pid, mine));
    return mine;
  }
}
