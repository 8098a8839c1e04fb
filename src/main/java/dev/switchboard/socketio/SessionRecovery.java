package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.AsyncMap;
import io.vertx.core.json.JsonObject;

/**
 * Connection state recovery's records, in the cluster's shared map so a client may come back to any
 * node, and after the node it was on died: by the private id ({@code pid}) the client got on
 * connect, who it was, its namespace and where it stood in each room (see {@link Received}).
 * The stored events themselves come back from MongoDB, through the domains' catch-up.
 */
final class SessionRecovery {
  static final String MAP = "sb.socketio.recovery";

  private final AsyncMap<String, JsonObject> records;
  private final long windowMs;

  private SessionRecovery(AsyncMap<String, JsonObject> records, long windowMs) {
    this.records = records;
    this.windowMs = windowMs;
  }

  static Future<SessionRecovery> create(Vertx vertx, long windowMs) {
    return vertx.sharedData().<String, JsonObject>getAsyncMap(MAP).map(map -> new SessionRecovery(map, windowMs));
  }

  /**
   * Keeps a connected socket's record until its token expires, so a node that dies leaves the records
   * of its sockets behind for their comeback.
   */
  void keep(String pid, JsonObject record, long tokenExpiresAt) {
    records.put(pid, record, Math.max(windowMs, tokenExpiresAt - System.currentTimeMillis()));
  }

  /** Keeps a lost socket's record for the recovery window. */
  void lost(String pid, JsonObject record) {
    records.put(pid, record, windowMs);
  }

  void forget(String pid) {
    records.remove(pid);
  }

  /** The record of {@code pid}, taken so only one comeback uses it; null when there is none. */
  Future<JsonObject> take(String pid) {
    return records.remove(pid);
  }
}
