package dev.switchboard.socketio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

/**
 * Where connection state recovery keeps its records, by private id ({@code pid}), outside the
 * gateway's nodes: a record must outlive the node its socket was on, and costs no node memory per
 * connection while it waits.
 */
public interface RecoveryStore {

  /** Keeps (or replaces) the record of {@code pid} until {@code expiresAt} (epoch milliseconds). */
  Future<Void> keep(String pid, JsonObject record, long expiresAt);

  /** The record of {@code pid}, removed so only one comeback uses it; null when there is none or it expired. */
  Future<JsonObject> take(String pid);

  /** Drops the record of {@code pid}, if any. */
  Future<Void> forget(String pid);
}
