package dev.switchboard.store;

import com.mongodb.MongoException;
import dev.switchboard.chat.AppendResult;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatStore;
import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.bson.types.ObjectId;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * Rooms and messages in MongoDB. A room document carries its last sequence number; appending
 * increments it with a filter that also checks the room is active (and the sender a member), so
 * check and allocation are one atomic round trip. A message sent with a {@code tempId} gets an
 * {@code _id} derived from room, sender and tempId, so a retry can never be stored twice.
 */
public final class MongoChatStore implements ChatStore {
  static final String ROOMS = "rooms";
  static final String MESSAGES = "messages";
  private static final int DUPLICATE_KEY = 11000;

  private final MongoClient mongo;

  public MongoChatStore(MongoClient mongo) {
    this.mongo = mongo;
  }

  /** Creates the indexes the queries use; safe to run on every start. */
  public Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(MESSAGES, new JsonObject().put("roomId", 1).put("seq", -1),
      new IndexOptions().name("room_seq").unique(true));
  }

  @Override
  public Future<Room> createRoom(Room room) {
    String id = room.id() == null ? new ObjectId().toHexString() : room.id();
    JsonObject doc = new JsonObject().put("_id", id).put("name", room.name())
      .put("members", new JsonArray(room.members())).put("active", room.active()).put("lastSeq", 0L)
      .put("createdAt", Instant.now().toString());
    return mongo.insert(ROOMS, doc)
      .map(ignored -> roomFrom(doc))
      .recover(cause -> Future.failedFuture(isDuplicate(cause)
        ? ErrorCode.ROOM_EXISTS.exception("room " + id + " already exists") : unavailable(cause)));
  }

  @Override
  public Future<Room> findRoom(String roomId) {
    return mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), null)
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(doc -> doc == null
        ? Future.failedFuture(ErrorCode.ROOM_NOT_FOUND.exception("room " + roomId + " does not exist"))
        : Future.succeededFuture(roomFrom(doc)));
  }

  @Override
  public Future<AppendResult> append(NewMessage message) {
    String id = messageId(message);
    Future<JsonObject> earlier = message.tempId() == null ? Future.succeededFuture()
      : mongo.findOne(MESSAGES, new JsonObject().put("_id", id), null);
    return earlier
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(found -> found != null
        ? Future.succeededFuture(new AppendResult(messageFrom(found), true))
        : nextSeq(message).compose(seq -> insert(message, id, seq)));
  }

  @Override
  public Future<List<ChatMessage>> messagesBefore(String roomId, long beforeSeq, int limit) {
    JsonObject query = new JsonObject().put("roomId", roomId).put("seq", new JsonObject().put("$lt", beforeSeq));
    FindOptions options = new FindOptions().setSort(new JsonObject().put("seq", -1)).setLimit(limit);
    return mongo.findWithOptions(MESSAGES, query, options)
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .map(docs -> docs.stream().map(MongoChatStore::messageFrom).toList());
  }

  /** Reachability of the database, for readiness. */
  public Future<Void> ping() {
    return mongo.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty();
  }

  private Future<Long> nextSeq(NewMessage message) {
    JsonObject filter = new JsonObject().put("_id", message.roomId()).put("active", true);
    if (message.requireMember()) {
      filter.put("members", message.senderId());
    }
    JsonObject increment = new JsonObject().put("$inc", new JsonObject().put("lastSeq", 1L));
    return mongo.findOneAndUpdateWithOptions(ROOMS, filter, increment, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(room -> room != null ? Future.succeededFuture(room.getLong("lastSeq"))
        : findRoom(message.roomId()).compose(found -> Future.failedFuture(refusal(found, message))));
  }

  private Future<AppendResult> insert(NewMessage message, String id, long seq) {
    JsonObject doc = new JsonObject().put("_id", id).put("roomId", message.roomId()).put("seq", seq)
      .put("body", message.body()).put("senderId", message.senderId()).put("senderName", message.senderName())
      .put("createdAt", Instant.now().toString()).put("tempId", message.tempId());
    return mongo.insert(MESSAGES, doc)
      .map(ignored -> new AppendResult(messageFrom(doc), false))
      .recover(cause -> isDuplicate(cause)
        // the same retry raced us between our look-up and our insert: theirs is the one
        ? mongo.findOne(MESSAGES, new JsonObject().put("_id", id), null).map(found -> new AppendResult(messageFrom(found), true))
        : Future.failedFuture(unavailable(cause)));
  }

  /** Why the conditional increment matched nothing, for a room that exists. */
  private static GatewayException refusal(Room room, NewMessage message) {
    if (message.requireMember() && !room.members().contains(message.senderId())) {
      return ErrorCode.ACCESS_DENIED.exception("not a member of room " + room.id());
    }
    if (!room.active()) {
      return ErrorCode.ROOM_INACTIVE.exception("room " + room.id() + " is closed");
    }
    return ErrorCode.STORE_UNAVAILABLE.exception("room " + room.id() + " changed during the write; retry");
  }

  private static String messageId(NewMessage message) {
    if (message.tempId() == null) {
      return new ObjectId().toHexString();
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(
        (message.roomId() + '\n' + message.senderId() + '\n' + message.tempId()).getBytes(StandardCharsets.UTF_8));
      return "t" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 23);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }

  private static Room roomFrom(JsonObject doc) {
    return Room.fromJson(doc.copy().put("id", doc.getString("_id")));
  }

  private static ChatMessage messageFrom(JsonObject doc) {
    return ChatMessage.fromJson(doc.copy().put("id", doc.getString("_id")));
  }

  private static boolean isDuplicate(Throwable cause) {
    return cause instanceof MongoException e && e.getCode() == DUPLICATE_KEY
      || cause.getMessage() != null && cause.getMessage().contains("E11000");
  }

  private static GatewayException unavailable(Throwable cause) {
    return cause instanceof GatewayException ge ? ge
      : ErrorCode.STORE_UNAVAILABLE.exception("the database did not answer: " + cause.getClass().getSimpleName());
  }
}
