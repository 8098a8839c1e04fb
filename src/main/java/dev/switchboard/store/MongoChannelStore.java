package dev.switchboard.store;

import dev.switchboard.channels.Channel;
import dev.switchboard.channels.ChannelStore;
import dev.switchboard.channels.Delivery;
import dev.switchboard.channels.Platform;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.support.ExternalOrigin;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.List;

import static dev.switchboard.store.SequencedLog.unavailable;

/**
 * Channels and their customers in their own collections; the outbox is the {@code delivery} field of
 * ticket messages (see {@link Delivery}), claimed with one atomic find-and-update each.
 */
public final class MongoChannelStore implements ChannelStore {
  static final String CHANNELS = "channels";
  static final String EXTERNAL_CUSTOMERS = "external_customers";
  private static final String STATE = Delivery.FIELD + ".state";
  private static final String NEXT_AT = Delivery.FIELD + ".nextAt";

  private final MongoClient mongo;

  public MongoChannelStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  public Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(MongoTicketStore.TICKET_MESSAGES, new JsonObject().put(STATE, 1).put(NEXT_AT, 1),
      new IndexOptions().name("outbox").sparse(true));
  }

  @Override
  public Future<Channel> create(Channel channel) {
    String id = new ObjectId().toHexString();
    JsonObject doc = channel.toJson().put("_id", id).put("createdAt", Instant.now().toString());
    doc.remove("id");
    return mongo.insert(CHANNELS, doc).map(ignored -> channelFrom(doc)).recover(MongoChannelStore::unavailableNow);
  }

  @Override
  public Future<List<Channel>> list() {
    return mongo.findWithOptions(CHANNELS, new JsonObject(), new FindOptions().setSort(new JsonObject().put("createdAt", 1)))
      .map(docs -> docs.stream().map(MongoChannelStore::channelFrom).toList()).recover(MongoChannelStore::unavailableNow);
  }

  @Override
  public Future<Channel> find(String channelId) {
    return mongo.findOne(CHANNELS, new JsonObject().put("_id", channelId), null).recover(MongoChannelStore::unavailableNow)
      .compose(doc -> doc == null ? Future.failedFuture(ErrorCode.CHANNEL_NOT_FOUND.exception("channel " + channelId + " does not exist"))
        : Future.succeededFuture(channelFrom(doc)));
  }

  @Override
  public Future<Boolean> delete(String channelId) {
    return mongo.removeDocument(CHANNELS, new JsonObject().put("_id", channelId))
      .map(result -> result != null && result.getRemovedCount() > 0).recover(MongoChannelStore::unavailableNow);
  }

  @Override
  public Future<ExternalCustomer> customer(Platform platform, String externalId, String name) {
    String key = platform.wireName() + "|" + externalId;
    JsonObject update = new JsonObject().put("$set", new JsonObject().put("name", name))
      .put("$setOnInsert", new JsonObject().put("customerId", platform.wireName() + "-" + externalId)
        .put("platform", platform.wireName()).put("externalId", externalId));
    return mongo.findOneAndUpdateWithOptions(EXTERNAL_CUSTOMERS, new JsonObject().put("_id", key), update, new FindOptions(),
        new UpdateOptions().setUpsert(true).setReturningNewDocument(true))
      .map(doc -> new ExternalCustomer(key, doc.getString("customerId"), doc.getString("name"), doc.getString("ticketId")))
      .recover(MongoChannelStore::unavailableNow);
  }

  @Override
  public Future<Void> openedTicket(String customerKey, String ticketId) {
    return mongo.updateCollection(EXTERNAL_CUSTOMERS, new JsonObject().put("_id", customerKey),
      new JsonObject().put("$set", new JsonObject().put("ticketId", ticketId))).<Void>mapEmpty().recover(MongoChannelStore::unavailableNow);
  }

  @Override
  public Future<Delivery> claim(long now, long leaseMs) {
    JsonObject due = new JsonObject().put(STATE, Delivery.PENDING).put(NEXT_AT, new JsonObject().put("$lte", now));
    JsonObject lease = new JsonObject().put("$set", new JsonObject().put(NEXT_AT, now + leaseMs))
      .put("$inc", new JsonObject().put(Delivery.FIELD + ".attempts", 1));
    return mongo.findOneAndUpdateWithOptions(MongoTicketStore.TICKET_MESSAGES, due, lease,
        new FindOptions().setSort(new JsonObject().put(NEXT_AT, 1)), new UpdateOptions().setReturningNewDocument(true))
      .map(doc -> doc == null ? null : new Delivery(doc.getString("_id"), doc.getString("ticketId"), doc.getString("body"),
        ExternalOrigin.fromJson(doc.getJsonObject(Delivery.FIELD)),
        doc.getJsonObject(Delivery.FIELD).getInteger("attempts")))
      .recover(MongoChannelStore::unavailableNow);
  }

  @Override
  public Future<Void> settle(String messageId, JsonObject outcome) {
    JsonObject set = new JsonObject();
    outcome.forEach(field -> set.put(Delivery.FIELD + "." + field.getKey(), field.getValue()));
    return mongo.updateCollection(MongoTicketStore.TICKET_MESSAGES, new JsonObject().put("_id", messageId),
      new JsonObject().put("$set", set)).<Void>mapEmpty().recover(MongoChannelStore::unavailableNow);
  }

  private static <T> Future<T> unavailableNow(Throwable cause) {
    return Future.failedFuture(unavailable(cause));
  }

  private static Channel channelFrom(JsonObject doc) {
    return Channel.fromJson(doc.copy().put("id", doc.getString("_id")));
  }
}
