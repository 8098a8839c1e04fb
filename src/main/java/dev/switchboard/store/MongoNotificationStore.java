package dev.switchboard.store;

import dev.switchboard.notifications.Notification;
import dev.switchboard.notifications.NotificationStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.MongoClientUpdateResult;
import io.vertx.ext.mongo.UpdateOptions;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.List;

import static dev.switchboard.store.SequencedLog.unavailable;

/** Notifications in MongoDB, one document per user and notification. */
public final class MongoNotificationStore implements NotificationStore {
  static final String NOTIFICATIONS = "notifications";

  private final MongoClient mongo;

  public MongoNotificationStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(NOTIFICATIONS, new JsonObject().put("userId", 1), new IndexOptions().name("user"));
  }

  @Override
  public Future<List<Notification>> create(List<Notification> notifications) {
    String now = Instant.now().toString();
    List<JsonObject> docs = notifications.stream().map(n -> n.toJson().put("_id", new ObjectId().toHexString())
      .put("read", false).put("createdAt", now)).toList();
    docs.forEach(doc -> doc.remove("id"));
    return mongo.bulkWrite(NOTIFICATIONS, docs.stream().map(BulkOperation::createInsert).toList())
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .map(result -> docs.stream().map(MongoNotificationStore::notificationFrom).toList());
  }

  @Override
  public Future<Long> unreadCount(String userId) {
    return mongo.count(NOTIFICATIONS, unread(userId)).recover(cause -> Future.failedFuture(unavailable(cause)));
  }

  @Override
  public Future<List<Notification>> list(String userId, boolean unreadOnly, int limit) {
    JsonObject query = unreadOnly ? unread(userId) : new JsonObject().put("userId", userId);
    return mongo.findWithOptions(NOTIFICATIONS, query,
        new FindOptions().setSort(new JsonObject().put("_id", -1)).setLimit(limit))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .map(docs -> docs.stream().map(MongoNotificationStore::notificationFrom).toList());
  }

  @Override
  public Future<Long> markRead(String userId, List<String> ids) {
    return markRead(unread(userId).put("_id", new JsonObject().put("$in", new JsonArray(ids))));
  }

  @Override
  public Future<Long> markAllRead(String userId) {
    return markRead(unread(userId));
  }

  private Future<Long> markRead(JsonObject query) {
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("read", true)
      .put("readAt", Instant.now().toString()));
    return mongo.updateCollectionWithOptions(NOTIFICATIONS, query, update, new UpdateOptions().setMulti(true))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .map(MongoClientUpdateResult::getDocModified);
  }

  private static JsonObject unread(String userId) {
    return new JsonObject().put("userId", userId).put("read", false);
  }

  private static Notification notificationFrom(JsonObject doc) {
    return Notification.fromJson(doc.copy().put("id", doc.getString("_id")));
  }
}
