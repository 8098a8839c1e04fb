package dev.switchboard.store;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.payload.SeqRange;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.BulkOperation;
import io.vertx.ext.mongo.BulkWriteOptions;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.bson.types.ObjectId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Entries numbered per parent (messages per room, per ticket). The parent document carries its last
 * sequence number; an append increments it with a filter that also holds the caller's conditions,
 * so the check and the allocation are one atomic round trip. An entry with a dedup key gets an
 * {@code _id} derived from it, so a retry can never be stored twice.
 * <p>
 * Appends are group-committed: up to {@link #MAX_IN_FLIGHT} batches are on their way to the
 * database at once; while they are, new appends queue, and the next batch takes them all. A batch
 * costs one look-up of its dedup keys, one numbering update per parent (and per set of conditions),
 * and one unordered bulk insert, however many entries it holds. Under light load every append
 * leaves at once, alone, so nobody waits for a batch to fill.
 * <p>
 * Not thread-safe: it lives on the event loop of the verticle that owns the database client.
 */
final class SequencedLog {
  /** Enough to amortize a round trip; small enough that one batch's insert stays well under 16 MB. */
  static final int MAX_BATCH = 256;
  /** A few batches overlap their round trips; more would only queue inside the database. */
  static final int MAX_IN_FLIGHT = 4;
  private static final Logger LOG = LoggerFactory.getLogger(SequencedLog.class);
  private static final int DUPLICATE_KEY = 11000;
  /** What a client is told when the database failed a request. */
  static final String UNAVAILABLE = "the database is unavailable; retry later";

  private final MongoClient mongo;
  private final String parents;
  private final String entries;
  private final String parentField;
  private final IntConsumer batchSizes;
  /** What the numbering update returns of the parent: its new lastSeq, and the fields the caller reads. */
  private final FindOptions numberingReturns;
  private final List<Pending> queue = new ArrayList<>();
  private int inFlight;
  /** Each parent's latest numbering: the next batch's waits for it, so a later batch gets higher numbers. */
  private final Map<String, Future<?>> numbering = new HashMap<>();

  /** One append: the parent, the conditions it must meet, fields to set on it, the entry. */
  record Append(String parentId, JsonObject conditions, JsonObject alsoSet, String dedupKey, JsonObject entry) {
  }

  /** The stored entry, whether an earlier attempt stored it, and the parent's fields as this append left them (null then). */
  record Appended(JsonObject entry, boolean duplicate, JsonObject parent) {
  }

  private record Pending(Append append, Function<JsonObject, GatewayException> refusal, String id,
                         Promise<Appended> result) {
  }

  /** An entry with its number, ready to insert, and its parent as the numbering left it. */
  private record Numbered(Pending pending, JsonObject doc, JsonObject parent) {
  }

  /**
   * {@code batchSizes} is told how many entries each bulk insert carried; {@code parentFields} are the
   * fields of the parent that {@link Appended#parent()} carries, besides {@code lastSeq}. Only those
   * come back from the numbering update: a room's summary holds its last message, which no append needs.
   */
  SequencedLog(MongoClient mongo, String parents, String entries, String parentField, List<String> parentFields,
               IntConsumer batchSizes) {
    this.mongo = mongo;
    this.parents = parents;
    this.entries = entries;
    this.parentField = parentField;
    this.batchSizes = batchSizes;
    JsonObject projection = new JsonObject().put("lastSeq", 1);
    parentFields.forEach(field -> projection.put(field, 1));
    this.numberingReturns = new FindOptions().setFields(projection);
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
    Promise<Appended> result = Promise.promise();
    queue.add(new Pending(append, refusal, entryId(append), result));
    if (inFlight < MAX_IN_FLIGHT) {
      commitNext();
    }
    return result.future();
  }

  /** The entries of the range that also match {@code filter}, in the range's order. */
  Future<List<JsonObject>> range(String parentId, SeqRange range, JsonObject filter) {
    JsonObject query = filter.copy().put(parentField, parentId)
      .put("seq", new JsonObject().put("$gt", range.after()).put("$lt", range.before()));
    var options = new FindOptions().setSort(new JsonObject().put("seq", range.forward() ? 1 : -1)).setLimit(range.limit());
    return mongo.findWithOptions(entries, query, options).recover(cause -> Future.failedFuture(unavailable(cause)));
  }

  /** Takes what is queued as one batch; whatever arrives meanwhile waits for the next. */
  private void commitNext() {
    if (queue.isEmpty()) {
      return;
    }
    inFlight++;
    List<Pending> taken = queue.subList(0, Math.min(MAX_BATCH, queue.size()));
    List<Pending> batch = List.copyOf(taken);
    taken.clear();
    commit(batch)
      .onFailure(cause -> batch.forEach(p -> p.result().tryFail(unavailable(cause))))
      .onComplete(done -> {
        inFlight--;
        commitNext();
      });
  }

  private Future<Void> commit(List<Pending> batch) {
    return stored(batch).compose(found -> {
      List<Pending> fresh = new ArrayList<>();
      Map<String, Pending> firstWithId = new HashMap<>();
      for (Pending pending : batch) {
        JsonObject earlier = found.get(pending.id());
        Pending first = pending.append().dedupKey() == null ? null : firstWithId.putIfAbsent(pending.id(), pending);
        if (earlier != null) {
          pending.result().complete(new Appended(earlier, true, null));
        } else if (first != null) {
          // the same retry twice in one batch: the first is stored, the second is its duplicate
          first.result().future().map(stored -> new Appended(stored.entry(), true, null)).onComplete(pending.result());
        } else {
          fresh.add(pending);
        }
      }
      return number(fresh).compose(this::insert);
    });
  }

  /** The entries already stored under the batch's dedup ids, by id. */
  private Future<Map<String, JsonObject>> stored(List<Pending> batch) {
    JsonArray ids = new JsonArray(batch.stream().filter(p -> p.append().dedupKey() != null).map(Pending::id).toList());
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return mongo.find(entries, new JsonObject().put("_id", new JsonObject().put("$in", ids))).map(docs -> {
      Map<String, JsonObject> byId = new HashMap<>();
      docs.forEach(doc -> byId.put(doc.getString("_id"), doc));
      return byId;
    });
  }

  /**
   * Numbers the appends: one update per parent and set of conditions, parents in parallel. Within a
   * parent the groups go one after another, after any earlier batch's: appends with the same
   * conditions (one sender's, say) are numbered in arrival order, and the parent's summary fields
   * end with the highest number.
   */
  private Future<List<Numbered>> number(List<Pending> appends) {
    Map<String, Map<String, List<Pending>>> groups = new LinkedHashMap<>();
    for (Pending pending : appends) {
      groups.computeIfAbsent(pending.append().parentId(), id -> new LinkedHashMap<>())
        .computeIfAbsent(pending.append().conditions().encode(), c -> new ArrayList<>()).add(pending);
    }
    List<Future<List<Numbered>>> perParent = new ArrayList<>();
    groups.forEach((parentId, byConditions) -> {
      Future<List<Numbered>> chain = numbering.getOrDefault(parentId, Future.succeededFuture())
        .transform(earlier -> Future.succeededFuture(new ArrayList<>()));
      for (List<Pending> group : byConditions.values()) {
        chain = chain.compose(numbered -> nextSeqs(parentId, group).map(more -> {
          numbered.addAll(more);
          return numbered;
        }));
      }
      Future<List<Numbered>> latest = chain;
      numbering.put(parentId, latest);
      latest.onComplete(done -> numbering.remove(parentId, latest));
      perParent.add(latest);
    });
    return Future.all(perParent).map(all -> perParent.stream().flatMap(f -> f.result().stream()).toList());
  }

  /** Moves the parent's {@code lastSeq} on by the group's size; a parent that refuses refuses each of them. */
  private Future<List<Numbered>> nextSeqs(String parentId, List<Pending> group) {
    Append last = group.get(group.size() - 1).append();
    JsonObject filter = last.conditions().copy().put("_id", parentId);
    JsonObject update = new JsonObject().put("$inc", new JsonObject().put("lastSeq", (long) group.size()));
    if (!last.alsoSet().isEmpty()) {
      update.put("$set", last.alsoSet());
    }
    return mongo.findOneAndUpdateWithOptions(parents, filter, update, numberingReturns,
        new UpdateOptions().setReturningNewDocument(true))
      .compose(parent -> {
        if (parent == null) {
          return mongo.findOne(parents, new JsonObject().put("_id", parentId), null).map(current -> {
            group.forEach(p -> p.result().fail(p.refusal().apply(current)));
            return List.of();
          });
        }
        long seq = parent.getLong("lastSeq") - group.size();
        List<Numbered> numbered = new ArrayList<>(group.size());
        for (Pending p : group) {
          JsonObject doc = p.append().entry().copy().put("_id", p.id()).put(parentField, parentId).put("seq", ++seq);
          numbered.add(new Numbered(p, doc, parent));
        }
        return Future.succeededFuture(numbered);
      });
  }

  /** One unordered bulk insert; an entry that meets a duplicate key lost a race to the same retry. */
  private Future<Void> insert(List<Numbered> numbered) {
    if (numbered.isEmpty()) {
      return Future.succeededFuture();
    }
    List<BulkOperation> inserts = numbered.stream().map(n -> BulkOperation.createInsert(n.doc())).toList();
    return mongo.bulkWriteWithOptions(entries, inserts, new BulkWriteOptions(false))
      .onSuccess(result -> {
        batchSizes.accept(numbered.size());
        numbered.forEach(n -> n.pending().result().complete(new Appended(n.doc(), false, n.parent())));
      })
      .<Void>mapEmpty()
      .recover(cause -> {
        if (!(cause instanceof MongoBulkWriteException partial)) {
          return Future.failedFuture(cause);
        }
        batchSizes.accept(numbered.size() - partial.getWriteErrors().size());
        Map<Integer, BulkWriteError> errors = new HashMap<>();
        partial.getWriteErrors().forEach(error -> errors.put(error.getIndex(), error));
        for (int i = 0; i < numbered.size(); i++) {
          settle(numbered.get(i), errors.get(i));
        }
        return Future.succeededFuture();
      });
  }

  private void settle(Numbered numbered, BulkWriteError error) {
    Promise<Appended> result = numbered.pending().result();
    if (error == null) {
      result.complete(new Appended(numbered.doc(), false, numbered.parent()));
    } else if (error.getCode() == DUPLICATE_KEY) {
      mongo.findOne(entries, new JsonObject().put("_id", numbered.doc().getString("_id")), null)
        .map(found -> new Appended(found, true, null))
        .recover(cause -> Future.failedFuture(unavailable(cause)))
        .onComplete(result);
    } else {
      result.fail(unavailable(new MongoException(error.getCode(), error.getMessage())));
    }
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

  /**
   * A database failure as the client hears it: in plain words. Which driver exception it was, and
   * its detail, is for the operator, so it goes to the log (one line, no stack trace: in an outage
   * every request fails the same way).
   */
  static GatewayException unavailable(Throwable cause) {
    if (cause instanceof GatewayException ge) {
      return ge;
    }
    LOG.warn("Database request failed: {}", cause.toString());
    return ErrorCode.STORE_UNAVAILABLE.exception(UNAVAILABLE);
  }
}
