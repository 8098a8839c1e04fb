package dev.switchboard.store;

import dev.switchboard.socketio.RecoveryStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;

import static dev.switchboard.store.SequencedLog.unavailable;

/**
 * Socket.IO recovery records, one document per private id with its expiry. An expired record is
 * never handed out, and {@link #purge} removes those left behind (a client that never came back).
 */
public final class MongoRecoveryStore implements RecoveryStore {
  /** The collection; each document is a record with {@code userId}, {@code namespace} and its rooms. */
  public static final String RECORDS = "socketio_recovery";
  private static final String ID = "_id";
  private static final String EXPIRES_AT = "expiresAt";

  private final MongoClient mongo;

  public MongoRecoveryStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(RECORDS, new JsonObject().put(EXPIRES_AT, 1), new IndexOptions().name("expiry"));
  }

  @Override
  public Future<Void> keep(String pid, JsonObject record, long expiresAt) {
    return mongo.save(RECORDS, record.copy().put(ID, pid).put(EXPIRES_AT, expiresAt))
      .recover(cause -> Future.failedFuture(unavailable(cause))).mapEmpty();
  }

  @Override
  public Future<JsonObject> take(String pid) {
    return mongo.findOneAndDelete(RECORDS, new JsonObject().put(ID, pid))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .map(doc -> {
        if (doc == null || doc.getLong(EXPIRES_AT, 0L) < System.currentTimeMillis()) {
          return null;
        }
        doc.remove(ID);
        doc.remove(EXPIRES_AT);
        return doc;
      });
  }

  @Override
  public Future<Void> forget(String pid) {
    return mongo.removeDocument(RECORDS, new JsonObject().put(ID, pid))
      .recover(cause -> Future.failedFuture(unavailable(cause))).mapEmpty();
  }

  /** Removes the records that expired before {@code now}. */
  public Future<Void> purge(long now) {
    return mongo.removeDocuments(RECORDS, new JsonObject().put(EXPIRES_AT, new JsonObject().put("$lt", now)))
      .recover(cause -> Future.failedFuture(unavailable(cause))).mapEmpty();
  }
}
