package dev.switchboard.store;

import com.mongodb.MongoException;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.bson.types.ObjectId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Entries numbered per parent (messages per room, per ticket). The parent document carries its last
 * sequence number; an append increments it with a filter that also holds the caller's conditions,
 * so the check and the allocation are one atomic round trip. An entry with a dedup key gets an
 * {@code _id} derived from it, so a retry can never be stored twice.
 */
final class SequencedLog {
  private static final int DUPLICATE_KEY = 11000;

  private final MongoClient mongo;
  private final String parents;
  private final String entries;
  private final String parentField;

  /** One append: the parent, the conditions it must meet, fields to set on it, the entry. */
  record Append(String parentId, JsonObject conditions, JsonObject alsoSet, String dedupKey, JsonObject entry) {
  }

  /** The stored entry, whether an earlier attempt stored it, and the parent as this append left it (null then). */
  record Appended(JsonObject entry, boolean duplicate, JsonObject parent) {
  }

  SequencedLog(MongoClient mongo, String parents, String entries, String parentField) {
    this.mongo = mongo;
    this.parents = parents;
    this.entries = entries;
    this.parentField = parentField;
  }

  Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(entries, new JsonObject().put(parentField, 1).put("seq", -1),
      new IndexOptions().name(parentField + "_seq").unique(true));
  }

  /**
   * Stores the entry with the parent's next {@code seq}. When the parent does not meet the
   * conditions, {@code refusal} is given the parent as it is now (null if missing) and says why.
   */
  Future<Appended> append(Append append, Function<JsonObject, GatewayException> refusal) {
    String id = entryId(append);
    Future<JsonObject> earlier = append.dedupKey() == null ? Future.succeededFuture()
      : mongo.findOne(entries, new JsonObject().put("_id", id), null);
    return earlier
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(found -> found != null
        ? Future.succeededFuture(new Appended(found, true, null))
        : nextSeq(append, refusal).compose(parent -> insert(append.entry().copy().put("_id", id)
          .put(parentField, append.parentId()).put("seq", parent.getLong("lastSeq")), parent)));
  }

  /** Up to {@code limit} entries below {@code beforeSeq}, newest first, also matching {@code filter}. */
  Future<List<JsonObject>> before(String parentId, long beforeSeq, int limit, JsonObject filter) {
    JsonObject query = filter.copy().put(parentField, parentId).put("seq", new JsonObject().put("$lt", beforeSeq));
    return mongo.findWithOptions(entries, query, new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(limit))
      .recover(cause -> Future.failedFuture(unavailable(cause)));
  }

  /** The parent after its {@code lastSeq} moved on, or the refusal. */
  private Future<JsonObject> nextSeq(Append append, Function<JsonObject, GatewayException> refusal) {
    JsonObject filter = append.conditions().copy().put("_id", append.parentId());
    JsonObject update = new JsonObject().put("$inc", new JsonObject().put("lastSeq", 1L));
    if (!append.alsoSet().isEmpty()) {
      update.put("$set", append.alsoSet());
    }
    return mongo.findOneAndUpdateWithOptions(parents, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(parent -> parent != null ? Future.succeededFuture(parent)
        : mongo.findOne(parents, new JsonObject().put("_id", append.parentId()), null)
          .recover(cause -> Future.failedFuture(unavailable(cause)))
          .compose(current -> Future.failedFuture(refusal.apply(current))));
  }

  private Future<Appended> insert(JsonObject doc, JsonObject parent) {
    return mongo.insert(entries, doc)
      .map(ignored -> new Appended(doc, false, parent))
      .recover(cause -> isDuplicate(cause)
        // the same retry raced us between our look-up and our insert: theirs is the one
        ? mongo.findOne(entries, new JsonObject().put("_id", doc.getString("_id")), null)
          .map(found -> new Appended(found, true, null))
        : Future.failedFuture(unavailable(cause)));
  }

  private static String entryId(Append append) {
    if (append.dedupKey() == null) {
      return new ObjectId().toHexString();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
        (append.parentId() + '\n' + append.dedupKey()).getBytes(StandardCharsets.UTF_8));
      return "t" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 23);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  static boolean isDuplicate(Throwable cause) {
    return cause instanceof MongoException e && e.getCode() == DUPLICATE_KEY
      || cause.getMessage() != null && cause.getMessage().contains("E11000");
  }

  static GatewayException unavailable(Throwable cause) {
    return cause instanceof GatewayException ge ? ge
      : ErrorCode.STORE_UNAVAILABLE.exception("the database did not answer: " + cause.getClass().getSimpleName());
  }
}
