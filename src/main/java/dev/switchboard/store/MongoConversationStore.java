package dev.switchboard.store;

import dev.switchboard.chat.ChatMessage;
import dev.switchboard.conversations.Conversation;
import dev.switchboard.conversations.ConversationStore;
import dev.switchboard.conversations.ReadMark;
import dev.switchboard.payload.SeqRange;
import dev.switchboard.support.TicketScope;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.switchboard.store.SequencedLog.unavailable;

/**
 * Conversation lists over rooms and tickets, and read cursors in their own collection: {@code _id} =
 * user, kind and conversation, {@code seq} only ever raised with {@code $max}. A ticket's document
 * carries its last message and activity time (set by the append that numbers each message); a room's
 * are read from its newest message, as rooms are numbered without writing the room.
 */
public final class MongoConversationStore implements ConversationStore {
  static final String READ_CURSORS = "read_cursors";

  private final MongoClient mongo;
  private final MongoChatStore chat;

  /** {@code chat} reads a room's newest message. */
  public MongoConversationStore(MongoClient mongo, MongoChatStore chat) {
    this.mongo = mongo;
    this.chat = chat;
  }

  public Future<Void> createIndexes() {
    return mongo.createIndexWithOptions(READ_CURSORS, new JsonObject().put("userId", 1), new IndexOptions().name("user"));
  }

  @Override
  public Future<List<Conversation>> list(String userId, TicketScope tickets, boolean includeInternal, int limit) {
    // every room of the user: which moved last is known once their newest messages are read
    Future<List<JsonObject>> rooms = mongo.find(MongoChatStore.ROOMS,
      new JsonObject().put("members", userId).put("active", true)).compose(this::withNewestMessages);
    Future<List<JsonObject>> ticketDocs = mongo.findWithOptions(MongoTicketStore.TICKETS,
      MongoTicketStore.scopeFilter(tickets), newest("activityAt", limit));
    Future<List<JsonObject>> cursors = mongo.find(READ_CURSORS, new JsonObject().put("userId", userId));
    return Future.all(rooms, ticketDocs, cursors)
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(all -> {
        Map<String, Long> read = new HashMap<>();
        cursors.result().forEach(c -> read.put(c.getString("_id"), c.getLong("seq", 0L)));
        List<Future<Conversation>> entries = new ArrayList<>();
        rooms.result().forEach(room -> entries.add(entry(userId, Kind.ROOM, room, read, includeInternal)));
        ticketDocs.result().forEach(ticket -> entries.add(entry(userId, Kind.TICKET, ticket, read, includeInternal)));
        return Future.all(entries).map(done -> entries.stream().map(Future::result)
          .sorted(Comparator.comparing(MongoConversationStore::movedAt).reversed())
          .limit(limit).toList());
      });
  }

  @Override
  public Future<ReadMark> markRead(String userId, Kind kind, String id, long seq, boolean includeInternal) {
    JsonObject update = new JsonObject().put("$max", new JsonObject().put("seq", seq))
      .put("$set", new JsonObject().put("userId", userId).put("kind", kind.name()).put("conversationId", id)
        .put("updatedAt", Instant.now().toString()));
    return mongo.findOneAndUpdateWithOptions(READ_CURSORS, new JsonObject().put("_id", cursorId(userId, kind, id)), update,
        new FindOptions(), new UpdateOptions().setUpsert(true).setReturningNewDocument(false))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(before -> {
        long previous = before == null ? 0 : before.getLong("seq", 0L);
        long now = Math.max(previous, seq);
        return unread(userId, kind, id, now, includeInternal).map(unread -> new ReadMark(previous, now, unread));
      });
  }

  /** Each room with its newest message as {@code lastMessage}, its {@code seq} as {@code lastSeq}, its time as {@code updatedAt}. */
  private Future<List<JsonObject>> withNewestMessages(List<JsonObject> rooms) {
    List<Future<JsonObject>> read = rooms.stream().map(room -> chat.messages(room.getString("_id"),
      SeqRange.before(Long.MAX_VALUE, 1)).map(last -> {
        if (last.isEmpty()) {
          return room.put("lastSeq", 0L);
        }
        ChatMessage message = last.get(0);
        return room.put("lastSeq", message.seq()).put("updatedAt", message.createdAt())
          .put("lastMessage", new JsonObject().put("body", message.body()).put("senderId", message.senderId())
            .put("senderName", message.senderName()).put("createdAt", message.createdAt()));
      })).toList();
    return Future.all(read).map(done -> rooms);
  }

  private Future<Conversation> entry(String userId, Kind kind, JsonObject doc, Map<String, Long> read,
                                     boolean includeInternal) {
    String id = doc.getString("_id");
    long readSeq = read.getOrDefault(cursorId(userId, kind, id), 0L);
    boolean room = kind == Kind.ROOM;
    JsonObject last = doc.getJsonObject(room || includeInternal ? "lastMessage" : "lastPublicMessage");
    String status = room ? "active" : doc.getString("status");
    JsonObject customer = room ? null
      : new JsonObject().put("id", doc.getString("customerId")).put("name", doc.getString("customerName"));
    return unread(userId, kind, id, readSeq, includeInternal).map(unread -> new Conversation(
      kind.name().toLowerCase(), id, doc.getString(room ? "name" : "subject"), status, last,
      doc.getLong("lastSeq", 0L), readSeq, unread, doc.getString("createdAt"), doc.getString("updatedAt"),
      customer, room ? null : doc.getString("source")));
  }

  /** When the conversation last moved; ISO text does not sort as time (trailing zeros are dropped). */
  private static Instant movedAt(Conversation conversation) {
    String at = conversation.updatedAt() != null ? conversation.updatedAt() : conversation.createdAt();
    return at == null ? Instant.EPOCH : Instant.parse(at);
  }

  /** Messages after {@code readSeq} from anyone but the user (internal notes only for staff). */
  private Future<Long> unread(String userId, Kind kind, String id, long readSeq, boolean includeInternal) {
    JsonObject query = new JsonObject().put("seq", new JsonObject().put("$gt", readSeq))
      .put("senderId", new JsonObject().put("$ne", userId));
    String collection;
    if (kind == Kind.ROOM) {
      collection = MongoChatStore.MESSAGES;
      query.put("roomId", id);
    } else {
      collection = MongoTicketStore.TICKET_MESSAGES;
      query.put("ticketId", id);
      if (!includeInternal) {
        query.put("isInternal", false);
      }
    }
    return mongo.count(collection, query).recover(cause -> Future.failedFuture(unavailable(cause)));
  }

  private static FindOptions newest(String field, int limit) {
    return new FindOptions().setSort(new JsonObject().put(field, -1)).setLimit(limit);
  }

  private static String cursorId(String userId, Kind kind, String id) {
    return userId + '|' + kind.name() + '|' + id;
  }
}
