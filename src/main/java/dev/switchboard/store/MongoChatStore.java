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

/**
 * Rooms and their messages in MongoDB; messages are a {@link SequencedLog} under their room, numbered
 * in memory: a room's appends and changes are meant to reach the store of one node, its
 * {@link RoomOwners owner}, so a message costs one insert. The room document says what the room is;
 * where it stands (its last message and number) is read from its messages.
 */
public final class MongoChatStore implements ChatStore {
  static final String ROOMS = "rooms";
  static final String MESSAGES = "messages";
  /** Rooms whose members and last number are kept; a room past it is read again on its next message. */
  static final int KEPT_ROOMS = 10_000;
  /**
   * How long a room is kept before its next message reads it again. Changes through the gateway are
   * seen at once (they go through the owner's store); one written to MongoDB around the gateway is
   * seen within this.
   */
  static final long KEPT_MS = 10_000;

  private final MongoClient mongo;
  private final SequencedLog messages;

  /** {@code batchSizes} is told how many messages each insert round trip stored. */
  public MongoChatStore(MongoClient mongo, IntConsumer batchSizes) {
    this(mongo, batchSizes, KEPT_MS);
  }

  MongoChatStore(MongoClient mongo, IntConsumer batchSizes, long keptMs) {
    this.mongo = mongo;
    this.messages = SequencedLog.numberedInMemory(mongo, ROOMS, MESSAGES, "roomId", List.of("members", "active"),
      KEPT_ROOMS, keptMs, batchSizes);
  }

  /** Creates the indexes the queries use; safe to run on every start. */
  public Future<Void> createIndexes() {
    return messages.createIndexes();
  }

  @Override
  public Future<Room> createRoom(Room room) {
    String id = room.id() == null ? new ObjectId().toHexString() : room.id();
    JsonObject doc = new JsonObject().put("_id", id).put("name", room.name())
      .put("members", new JsonArray(room.members())).put("active", room.active())
      .put("createdAt", Instant.now().toString());
    doc.put("updatedAt", doc.getString("createdAt"));
    return mongo.insert(ROOMS, doc)
      .map(ignored -> roomFrom(doc))
      .recover(cause -> Future.failedFuture(SequencedLog.isDuplicate(cause)
        ? ErrorCode.ROOM_EXISTS.exception("room " + id + " already exists") : unavailable(cause)));
  }

  @Override
  public Future<Room> updateRoom(String roomId, JsonObject changes) {
    // the next message reads the room as changed: it is numbered by this store, after this write
    return found(roomId, mongo.findOneAndUpdateWithOptions(ROOMS, new JsonObject().put("_id", roomId),
        new JsonObject().put("$set", changes), new FindOptions(), new UpdateOptions().setReturningNewDocument(true))
      .onSuccess(changed -> messages.forget(roomId)));
  }

  @Override
  public Future<Room> findRoom(String roomId) {
    return found(roomId, mongo.findOne(ROOMS, new JsonObject().put("_id", roomId), null));
  }

  @Override
  public Future<Long> lastSeq(String roomId) {
    return messages.lastStored(roomId);
  }

  /** Rooms may have been numbered or changed by another node's store: their owners moved. */
  public void forgetRooms() {
    messages.forgetAll();
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
    String dedupKey = message.tempId() == null ? null : message.senderId() + '\n' + message.tempId();
    return messages.append(new SequencedLog.Append(message.roomId(), conditions, new JsonObject(), dedupKey, entry),
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

  /** The room of {@code found}; fails {@code ROOM_NOT_FOUND} if there is none, as the store failed if it failed. */
  private Future<Room> found(String roomId, Future<JsonObject> found) {
    return found.recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(doc -> doc == null ? Future.failedFuture(notFound(roomId)) : Future.succeededFuture(roomFrom(doc)));
  }

  private static Room roomFrom(JsonObject doc) {
    return Room.fromJson(doc.copy().put("id", doc.getString("_id")));
  }

  private static ChatMessage messageFrom(JsonObject doc) {
    return ChatMessage.fromJson(doc.copy().put("id", doc.getString("_id")));
  }
}
