package dev.switchboard.store;

import dev.switchboard.chat.AppendResult;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatStore;
import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.payload.SeqRange;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.List;
import java.util.function.IntConsumer;

import static dev.switchboard.store.SequencedLog.unavailable;

/** Rooms and their messages in MongoDB; messages are a {@link SequencedLog} under their room. */
public final class MongoChatStore implements ChatStore {
  static final String ROOMS = "rooms";
  static final String MESSAGES = "messages";

  private final MongoClient mongo;
  private final SequencedLog messages;

  /** {@code batchSizes} is told how many messages each insert round trip stored. */
  public MongoChatStore(MongoClient mongo, IntConsumer batchSizes) {
    this.mongo = mongo;
    this.messages = new SequencedLog(mongo, ROOMS, MESSAGES, "roomId", List.of("members"), batchSizes);
  }

  /** Creates the indexes the queries use; safe to run on every start. */
  public Future<Void> createIndexes() {
    return messages.createIndexes();
  }

  @Override
  public Future<Room> createRoom(Room room) {
    String id = room.id() == null ? new ObjectId().toHexString() : room.id();
    JsonObject doc = new JsonObject().put("_id", id).put("name", room.name())
      .put("members", new JsonArray(room.members())).put("active", room.active()).put("lastSeq", 0L)
      .put("createdAt", Instant.now().toString());
    doc.put("updatedAt", doc.getString("createdAt"));
    return mongo.insert(ROOMS, doc)
      .map(ignored -> roomFrom(doc))
      .recover(cause -> Future.failedFuture(SequencedLog.isDuplicate(cause)
        ? ErrorCode.ROOM_EXISTS.exception("room " + id + " already exists") : unavailable(cause)));
  }

  @Override
  public Future<Room> updateRoom(String roomId, JsonObject changes) {
    return mongo.findOneAndUpdateWithOptions(ROOMS, new JsonObject().put("_id", roomId), new JsonObject().put("$set", changes),
        new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(doc -> doc == null ? Future.failedFuture(notFound(roomId)) : Future.succeededFuture(roomFrom(doc)));
  }

  @Override
  public Future<Room> findRoom(String roomId) {
    return mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), null)
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(doc -> doc == null ? Future.failedFuture(notFound(roomId)) : Future.succeededFuture(roomFrom(doc)));
  }

  @Override
  public Future<AppendResult> append(NewMessage message) {
    JsonObject conditions = new JsonObject().put("active", true);
    if (message.requireMember()) {
      conditions.put("members", message.senderId());
    }
    String now = Instant.now().toString();
    JsonObject entry = new JsonObject().put("body", message.body()).put("senderId", message.senderId())
      .put("senderName", message.senderName()).put("createdAt", now).put("tempId", message.tempId());
    // the conversation list's summary, kept on the room in the same write that numbers the message
    JsonObject summary = new JsonObject().put("updatedAt", now).put("lastMessage", new JsonObject()
      .put("body", message.body()).put("senderId", message.senderId()).put("senderName", message.senderName())
      .put("createdAt", now));
    String dedupKey = message.tempId() == null ? null : message.senderId() + '\n' + message.tempId();
    return messages.append(new SequencedLog.Append(message.roomId(), conditions, summary, dedupKey, entry),
        room -> refusal(room, message))
      .map(appended -> new AppendResult(messageFrom(appended.entry()), appended.duplicate(),
        members(appended.parent())));
  }

  @Override
  public Future<List<ChatMessage>> messages(String roomId, SeqRange range) {
    return messages.range(roomId, range, new JsonObject())
      .map(docs -> docs.stream().map(MongoChatStore::messageFrom).toList());
  }

  /** Reachability of the database, for readiness. */
  public Future<Void> ping() {
    return mongo.runCommand("ping", new JsonObject().put("ping", 1)).mapEmpty();
  }

  /** Why the conditional increment matched nothing. */
  private static GatewayException refusal(JsonObject room, NewMessage message) {
    if (room == null) {
      return notFound(message.roomId());
    }
    if (message.requireMember() && !room.getJsonArray("members", new JsonArray()).contains(message.senderId())) {
      return ErrorCode.ACCESS_DENIED.exception("not a member of room " + message.roomId());
    }
    if (!room.getBoolean("active", true)) {
      return ErrorCode.ROOM_INACTIVE.exception("room " + message.roomId() + " is closed");
    }
    return ErrorCode.STORE_UNAVAILABLE.exception("room " + message.roomId() + " changed during the write; retry");
  }

  @SuppressWarnings("unchecked")
  private static List<String> members(JsonObject room) {
    return room == null ? List.of() : room.getJsonArray("members", new JsonArray()).getList();
  }

  private static GatewayException notFound(String roomId) {
    return ErrorCode.ROOM_NOT_FOUND.exception("room " + roomId + " does not exist");
  }

  private static Room roomFrom(JsonObject doc) {
    return Room.fromJson(doc.copy().put("id", doc.getString("_id")));
  }

  private static ChatMessage messageFrom(JsonObject doc) {
    return ChatMessage.fromJson(doc.copy().put("id", doc.getString("_id")));
  }
}
