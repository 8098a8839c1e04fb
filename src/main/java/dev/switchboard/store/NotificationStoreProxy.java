package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.notifications.Notification;
import dev.switchboard.notifications.NotificationStore;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@link NotificationStore} over the event bus, answered by this node's {@link StoreVerticle}. */
public final class NotificationStoreProxy implements NotificationStore {
  private final StoreBus store;

  public NotificationStoreProxy(EventBus bus) {
    this.store = new StoreBus(bus);
  }

  @Override
  public Future<List<Notification>> create(List<Notification> notifications) {
    JsonObject request = new JsonObject().put("notifications",
      new JsonArray(notifications.stream().map(Notification::toJson).toList()));
    return store.list(Addresses.STORE_NOTIFICATIONS_CREATE, request, Notification::fromJson);
  }

  @Override
  public Future<Long> unreadCount(String userId) {
    return count(Addresses.STORE_NOTIFICATIONS_UNREAD, new JsonObject().put("userId", userId));
  }

  @Override
  public Future<List<Notification>> list(String userId, boolean unreadOnly, int limit) {
    JsonObject query = new JsonObject().put("userId", userId).put("unreadOnly", unreadOnly).put("limit", limit);
    return store.list(Addresses.STORE_NOTIFICATIONS_LIST, query, Notification::fromJson);
  }

  @Override
  public Future<Long> markRead(String userId, List<String> ids) {
    return count(Addresses.STORE_NOTIFICATIONS_MARK_READ, new JsonObject().put("userId", userId)
      .put("ids", new JsonArray(ids)));
  }

  @Override
  public Future<Long> markAllRead(String userId) {
    return count(Addresses.STORE_NOTIFICATIONS_MARK_READ, new JsonObject().put("userId", userId));
  }

  private Future<Long> count(String address, JsonObject request) {
    return store.object(address, request, reply -> reply.getLong("count"));
  }
}
