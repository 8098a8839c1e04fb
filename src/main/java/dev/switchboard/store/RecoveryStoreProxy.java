package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.socketio.RecoveryStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

/** {@link RecoveryStore} over the event bus, answered by this node's {@link StoreVerticle}. */
public final class RecoveryStoreProxy implements RecoveryStore {
  private static final String PID = "pid";

  private final StoreBus store;

  public RecoveryStoreProxy(EventBus bus) {
    this.store = new StoreBus(bus);
  }

  @Override
  public Future<Void> keep(String pid, JsonObject record, long expiresAt) {
    return store.object(Addresses.STORE_RECOVERY_KEEP, new JsonObject().put(PID, pid).put("record", record)
      .put("expiresAt", expiresAt), reply -> null);
  }

  /** The store answers {@code {}} when there is no record. */
  @Override
  public Future<JsonObject> take(String pid) {
    return store.object(Addresses.STORE_RECOVERY_TAKE, new JsonObject().put(PID, pid),
      reply -> reply.isEmpty() ? null : reply);
  }

  @Override
  public Future<Void> forget(String pid) {
    return store.object(Addresses.STORE_RECOVERY_FORGET, new JsonObject().put(PID, pid), reply -> null);
  }
}
