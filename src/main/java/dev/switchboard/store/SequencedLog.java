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
import java.util.Objects;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Entries numbered per parent (messages per room, per ticket). An entry with a dedup key gets an
 * {@code _id} derived from it, so a retry can never be stored twice, and a unique index on parent
 * and {@code seq} means no number is stored twice. Numbers come one of two ways:
 * <ul>
 * <li>{@link #countedByParent counted by the parent}: the parent document carries its last number; an
 * append increments it with a filter that also holds the caller's conditions, so the check and the
 * allocation are one atomic round trip, whoever writes. Tickets, whose documents any node updates.</li>
 * <li>{@link #numberedInMemory numbered in memory}: the parent is read once and kept, with its last
 * stored number; conditions are checked against it and numbers handed out here, so an append costs
 * the insert alone. For parents that one writer at a time numbers and changes ({@link RoomOwners}):
 * rooms. If another writer took a number meanwhile (owners moved), the insert meets the unique
 * index, and the parent is read again and the entry numbered once more.</li>
 * </ul>
 * <p>
 * Appends are group-committed: up to {@link #MAX_IN_FLIGHT} batches are on their way to the
 * database at once; while they are, new appends queue, and the next batch takes them all. A batch
 * costs one look-up of its dedup keys (if any has one), one numbering update per parent and set of
 * conditions when counted by the parent (none in memory, once the parent is read), and one unordered
 * bulk insert, however many entries it holds. Under light load every append
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

  /** Times an entry is numbered again after its number was found taken by another writer. */
  static final int MAX_RENUMBER = 3;

  private final MongoClient mongo;
  private final String parents;
  private final String entries;
  private final String parentField;
  private final IntConsumer batchSizes;
  /** The parent's fields that {@link Appended#parent()} carries (and the conditions read), with {@code lastSeq}. */
  private final FindOptions parentReturns;
  private final Numbering numberer;
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
                         Promise<Appended> result, int renumbered) {
  }

  /** An entry with its number, ready to insert, and its parent as the numbering left it. */
  private record Numbered(Pending pending, JsonObject doc, JsonObject parent) {
  }

  /** How one parent's appends that share their conditions get their numbers. */
  private interface Numbering {
    /** Numbers the group in order after any earlier numbers; refuses (and leaves out) those the parent refuses. */
    Future<List<Numbered>> next(String parentId, List<Pending> group);

    /** What is known of the parent may be stale: read it again before the next number. */
    void forget(String parentId);

    void forgetAll();
  }

  private SequencedLog(MongoClient mongo, String parents, String entries, String parentField, List<String> parentFields,
                       IntConsumer batchSizes, Function<SequencedLog, Numbering> numbering) {
    this.mongo = mongo;
    this.parents = parents;
    this.entries = entries;
    this.parentField = parentField;
    this.batchSizes = batchSizes;
    JsonObject projection = new JsonObject().put("lastSeq", 1);
    parentFields.forEach(field -> projection.put(field, 1));
    this.parentReturns = new FindOptions().setFields(projection);
    this.numberer = numbering.apply(this);
  }

  /**
   * Numbers counted on the parent document, checked and allocated in one atomic update that also sets
   * the append's {@code alsoSet} fields. {@code batchSizes} is told how many entries each bulk insert
   * carried; {@code parentFields} are the fields of the parent that {@link Appended#parent()} carries,
   * besides {@code lastSeq}. Only those come back from the update: a summary of the last entry, say,
   * which no append needs.
   */
  static SequencedLog countedByParent(MongoClient mongo, String parents, String entries, String parentField,
                                      List<String> parentFields, IntConsumer batchSizes) {
    return new SequencedLog(mongo, parents, entries, parentField, parentFields, batchSizes, log -> log.new ParentCounter());
  }

  /**
   * Numbers handed out in memory by the one writer of each parent; up to {@code capacity} parents
   * are kept, the least recently used dropped, each read again after {@code keptMs}.
   * {@code parentFields} must name every field the appends' conditions read. Appends may not set
   * fields of the parent ({@code alsoSet} empty).
   */
  static SequencedLog numberedInMemory(MongoClient mongo, String parents, String entries, String parentField,
                                       List<String> parentFields, int capacity, long keptMs, IntConsumer batchSizes) {
    return new SequencedLog(mongo, parents, entries, parentField, parentFields, batchSizes,
      log -> log.new ParentCache(capacity, keptMs));
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
    if (!append.alsoSet().isEmpty() && numberer instanceof ParentCache) {
      throw new IllegalArgumentException("parents numbered in memory are not written by an append");
    }
    queue.add(new Pending(append, refusal, entryId(append), result, 0));
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

  /** The highest number stored under the parent, 0 if none. */
  Future<Long> lastStored(String parentId) {
    return range(parentId, SeqRange.before(Long.MAX_VALUE, 1), new JsonObject())
      .map(docs -> docs.isEmpty() ? 0L : docs.get(0).getLong("seq", 0L));
  }

  /** The parent was changed: what is kept of it is read again before its next number. */
  void forget(String parentId) {
    numberer.forget(parentId);
  }

  /** Every parent may have been numbered or changed elsewhere (their writers moved). */
  void forgetAll() {
    numberer.forgetAll();
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
        chain = chain.compose(numbered -> numberer.next(parentId, group).map(more -> {
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
  private final class ParentCounter implements Numbering {
    @Override
    public Future<List<Numbered>> next(String parentId, List<Pending> group) {
      Append last = group.get(group.size() - 1).append();
      JsonObject filter = last.conditions().copy().put("_id", parentId);
      JsonObject update = new JsonObject().put("$inc", new JsonObject().put("lastSeq", (long) group.size()));
      if (!last.alsoSet().isEmpty()) {
        update.put("$set", last.alsoSet());
      }
      return mongo.findOneAndUpdateWithOptions(parents, filter, update, parentReturns,
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
            numbered.add(numberedAs(p, parentId, ++seq, parent));
          }
          return Future.succeededFuture(numbered);
        });
    }

    @Override
    public void forget(String parentId) {
      // nothing kept: every number is read from the parent
    }

    @Override
    public void forgetAll() {
      // nothing kept
    }
  }

  /**
   * Parents kept in memory with the last number handed out. A parent is read with its stored
   * {@code lastSeq} (documents counted before) and the highest stored number, and numbered from the
   * larger. A missing parent, or a failed read, is not kept.
   */
  private final class ParentCache implements Numbering {
    private final Map<String, Kept> kept;
    private final long keptMs;

    ParentCache(int capacity, long keptMs) {
      this.keptMs = keptMs;
      this.kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
          return size() > capacity;
        }
      };
    }

    @Override
    public Future<List<Numbered>> next(String parentId, List<Pending> group) {
      return parent(parentId).map(parent -> {
        List<Numbered> numbered = new ArrayList<>(group.size());
        for (Pending p : group) {
          if (parent.doc() == null || !matches(parent.doc(), p.append().conditions())) {
            p.result().fail(p.refusal().apply(parent.doc()));
          } else {
            numbered.add(numberedAs(p, parentId, parent.next(), parent.doc()));
          }
        }
        return numbered;
      });
    }

    /**
     * The kept parent. After {@code keptMs} its document is read again, so a change written around
     * the store is seen; meanwhile its appends go on with the document as it was, so that rooms read
     * together (all of them, after a start) do not all wait at once every {@code keptMs}. Its numbers
     * go on from memory. Only a parent read for the first time, or forgotten, is numbered from what
     * is stored: that read is a scan of its entries on stores that cannot sort by an index (the
     * embedded one).
     */
    private Future<Parent> parent(String parentId) {
      Kept cached = kept.get(parentId);
      if (cached != null) {
        if (cached.parent().succeeded()) {
          refreshIfOld(parentId, cached);
        }
        return cached.parent();
      }
      Future<JsonObject> doc = read(parentId);
      Future<Long> stored = lastStored(parentId);
      Future<Parent> loading = Future.all(doc, stored).map(both -> new Parent(doc.result(),
        doc.result() == null ? 0 : Math.max(doc.result().getLong("lastSeq", 0L), stored.result())));
      Kept entry = new Kept(loading, System.currentTimeMillis());
      kept.put(parentId, entry);
      loading.onComplete(done -> {
        if (done.failed() || done.result().doc() == null) {
          kept.remove(parentId, entry);
        }
      });
      return loading;
    }

    private void refreshIfOld(String parentId, Kept entry) {
      long now = System.currentTimeMillis();
      if (entry.refreshing || now - entry.readAt < keptMs) {
        return;
      }
      entry.refreshing = true;
      read(parentId).onComplete(again -> {
        entry.refreshing = false;
        if (again.failed()) {
          return;
        }
        entry.readAt = now;
        if (again.result() == null) {
          kept.remove(parentId, entry);
        } else {
          entry.parent().result().doc = again.result();
        }
      });
    }

    /** The parent's fields the appends' conditions read, and {@code lastSeq}; null if there is no such parent. */
    private Future<JsonObject> read(String parentId) {
      return mongo.findOne(parents, new JsonObject().put("_id", parentId), parentReturns.getFields());
    }

    @Override
    public void forget(String parentId) {
      kept.remove(parentId);
    }

    @Override
    public void forgetAll() {
      kept.clear();
    }
  }

  /** A parent as kept: when its document was read, and whether it is being read again. */
  private static final class Kept {
    private final Future<Parent> parent;
    private long readAt;
    private boolean refreshing;

    Kept(Future<Parent> parent, long readAt) {
      this.parent = parent;
      this.readAt = readAt;
    }

    Future<Parent> parent() {
      return parent;
    }
  }

  /** A kept parent: its fields as read, and the last number handed out under it. */
  private static final class Parent {
    private JsonObject doc;
    private long lastSeq;

    Parent(JsonObject doc, long lastSeq) {
      this.doc = doc;
      this.lastSeq = lastSeq;
    }

    JsonObject doc() {
      return doc;
    }

    long next() {
      return ++lastSeq;
    }
  }

  /**
   * Whether the parent meets the conditions: each field equals the value, or, if it is an array,
   * holds it. The conditions of the appends numbered in memory are of that form.
   */
  private static boolean matches(JsonObject parent, JsonObject conditions) {
    for (String field : conditions.fieldNames()) {
      Object wanted = conditions.getValue(field);
      Object value = parent.getValue(field);
      if (!(value instanceof JsonArray array ? array.contains(wanted) : Objects.equals(value, wanted))) {
        return false;
      }
    }
    return true;
  }

  private Numbered numberedAs(Pending p, String parentId, long seq, JsonObject parent) {
    JsonObject doc = p.append().entry().copy().put("_id", p.id()).put(parentField, parentId).put("seq", seq);
    return new Numbered(p, doc, parent);
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
        .recover(cause -> Future.failedFuture(unavailable(cause)))
        .onSuccess(found -> {
          if (found != null) {
            result.complete(new Appended(found, true, null));
          } else {
            renumber(numbered.pending());
          }
        })
        .onFailure(result::fail);
    } else {
      result.fail(unavailable(new MongoException(error.getCode(), error.getMessage())));
    }
  }

  /**
   * The entry's number was taken by another writer of the parent (its writer moved, and the one
   * before was still storing): what is kept of the parent is stale, so it is read again and the
   * entry queued to be numbered anew.
   */
  private void renumber(Pending pending) {
    numberer.forget(pending.append().parentId());
    if (pending.renumbered() >= MAX_RENUMBER) {
      pending.result().fail(ErrorCode.STORE_UNAVAILABLE.exception("the numbers of " + pending.append().parentId()
        + " keep changing; retry"));
      return;
    }
    queue.add(new Pending(pending.append(), pending.refusal(), pending.id(), pending.result(), pending.renumbered() + 1));
    if (inFlight < MAX_IN_FLIGHT) {
      commitNext();
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
