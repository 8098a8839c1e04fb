package dev.switchboard.store;

import dev.switchboard.channels.Delivery;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.payload.SeqRange;
import dev.switchboard.support.NewTicketMessage;
import dev.switchboard.support.Ticket;
import dev.switchboard.support.TicketChanges;
import dev.switchboard.support.TicketMessage;
import dev.switchboard.support.TicketPriority;
import dev.switchboard.support.TicketQuery;
import dev.switchboard.support.TicketScope;
import dev.switchboard.support.TicketStatus;
import dev.switchboard.support.TicketStore;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.FindOptions;
import io.vertx.ext.mongo.IndexOptions;
import io.vertx.ext.mongo.MongoClient;
import io.vertx.ext.mongo.UpdateOptions;
import org.bson.types.ObjectId;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;

import static dev.switchboard.store.SequencedLog.unavailable;

/**
 * Tickets in MongoDB. Lists sort by {@code activityAt} (epoch ms, moved by creation, messages and
 * updates) then {@code _id}; the cursor is that pair. Updates bump {@code version}, and apply only
 * to the expected version when one is given. Messages are a {@link SequencedLog} under the ticket.
 */
public final class MongoTicketStore implements TicketStore {
  static final String TICKETS = "tickets";
  static final String TICKET_MESSAGES = "ticket_messages";

  private final MongoClient mongo;
  private final SequencedLog messages;

  /** {@code batchSizes} is told how many messages each insert round trip stored. */
  public MongoTicketStore(MongoClient mongo, IntConsumer batchSizes) {
    this.mongo = mongo;
    this.messages = SequencedLog.countedByParent(mongo, TICKETS, TICKET_MESSAGES, "ticketId", List.of(), batchSizes);
  }

  public Future<Void> createIndexes() {
    return messages.createIndexes().compose(v -> mongo.createIndexWithOptions(TICKETS,
      new JsonObject().put("activityAt", -1).put("_id", -1), new IndexOptions().name("activity")));
  }

  @Override
  public Future<Ticket> create(Ticket ticket) {
    Instant now = Instant.now();
    JsonObject doc = ticket.toJson().put("_id", new ObjectId().toHexString()).put("createdAt", now.toString())
      .put("updatedAt", now.toString()).put("activityAt", now.toEpochMilli()).put("lastSeq", 0L).put("version", 1L);
    doc.remove("id");
    return mongo.insert(TICKETS, doc).map(ignored -> ticketFrom(doc))
      .recover(cause -> Future.failedFuture(unavailable(cause)));
  }

  @Override
  public Future<Ticket> find(String ticketId) {
    return mongo.findOne(TICKETS, new JsonObject().put("_id", ticketId), null)
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(doc -> doc == null ? Future.failedFuture(notFound(ticketId)) : Future.succeededFuture(ticketFrom(doc)));
  }

  @Override
  public Future<TicketPage> list(TicketQuery query) {
    List<JsonObject> clauses = new ArrayList<>(List.of(scopeFilter(query.scope())));
    if (query.status() != null) {
      clauses.add(new JsonObject().put("status", query.status().name()));
    }
    if (query.priority() != null) {
      clauses.add(new JsonObject().put("priority", query.priority().name()));
    }
    if (query.assignedTo() != null) {
      clauses.add(new JsonObject().put("assignedTo", query.assignedTo()));
    }
    if (query.departmentId() != null) {
      clauses.add(new JsonObject().put("departmentId", query.departmentId()));
    }
    if (query.cursor() != null) {
      clauses.add(after(query.cursor()));
    }
    FindOptions options = new FindOptions().setSort(new JsonObject().put("activityAt", -1).put("_id", -1))
      .setLimit(query.limit() + 1);
    return mongo.findWithOptions(TICKETS, new JsonObject().put("$and", new JsonArray(clauses)), options)
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .map(docs -> {
        List<JsonObject> page = docs.subList(0, Math.min(docs.size(), query.limit()));
        String next = docs.size() > query.limit() ? cursorOf(page.get(page.size() - 1)) : null;
        return new TicketPage(page.stream().map(MongoTicketStore::ticketFrom).toList(), next);
      });
  }

  @Override
  public Future<Ticket> update(String ticketId, TicketChanges changes) {
    JsonObject filter = new JsonObject().put("_id", ticketId);
    if (changes.expectedVersion() != null) {
      filter.put("version", changes.expectedVersion());
    }
    Instant now = Instant.now();
    JsonObject update = new JsonObject()
      .put("$set", changes.fields().put("updatedAt", now.toString()).put("activityAt", now.toEpochMilli()))
      .put("$inc", new JsonObject().put("version", 1L));
    return mongo.findOneAndUpdateWithOptions(TICKETS, filter, update, new FindOptions(),
        new UpdateOptions().setReturningNewDocument(true))
      .recover(cause -> Future.failedFuture(unavailable(cause)))
      .compose(doc -> doc != null ? Future.succeededFuture(ticketFrom(doc))
        : find(ticketId).compose(current -> Future.failedFuture(ErrorCode.VERSION_CONFLICT.exception(
          "ticket " + ticketId + " is at version " + current.version() + ", not " + changes.expectedVersion()
            + "; reload it and retry"))));
  }

  @Override
  public Future<JsonObject> counts(TicketScope scope) {
    JsonObject base = scopeFilter(scope);
    List<Future<Long>> byStatus = Arrays.stream(TicketStatus.values())
      .map(s -> count(base.copy().put("status", s.name()))).toList();
    List<Future<Long>> byPriority = Arrays.stream(TicketPriority.values())
      .map(p -> count(base.copy().put("priority", p.name()))).toList();
    return Future.all(Future.all(byStatus), Future.all(byPriority)).map(done -> {
      JsonObject status = new JsonObject();
      JsonObject priority = new JsonObject();
      long total = 0;
      for (int i = 0; i < byStatus.size(); i++) {
        status.put(TicketStatus.values()[i].name(), byStatus.get(i).result());
        total += byStatus.get(i).result();
      }
      for (int i = 0; i < byPriority.size(); i++) {
        priority.put(TicketPriority.values()[i].name(), byPriority.get(i).result());
      }
      return new JsonObject().put("status", status).put("priority", priority).put("total", total);
    });
  }

  @Override
  public Future<StoredTicketMessage> append(NewTicketMessage message) {
    JsonObject conditions = message.isInternal() ? new JsonObject()
      : new JsonObject().put("status", new JsonObject().put("$ne", TicketStatus.CLOSED.name()));
    Instant now = Instant.now();
    JsonObject alsoSet = new JsonObject().put("updatedAt", now.toString()).put("activityAt", now.toEpochMilli());
    // the conversation list's summary: staff see the last message, customers the last public one
    JsonObject summary = new JsonObject().put("body", message.body()).put("senderId", message.senderId())
      .put("senderName", message.senderName()).put("senderType", message.senderType()).put("createdAt", now.toString());
    alsoSet.put("lastMessage", summary);
    if (!message.isInternal()) {
      alsoSet.put("lastPublicMessage", summary);
    }
    JsonObject entry = message.toJson().put("createdAt", now.toString());
    entry.remove("ticketId");
    entry.remove("deliverTo");
    if (message.deliverTo() != null) {
      entry.put(Delivery.FIELD, Delivery.pending(message.deliverTo(), now.toEpochMilli()));
    }
    String dedupKey = message.tempId() == null ? null : message.senderId() + '\n' + message.tempId();
    return messages.append(new SequencedLog.Append(message.ticketId(), conditions, alsoSet, dedupKey, entry),
        ticket -> refusal(ticket, message.ticketId()))
      .map(appended -> new StoredTicketMessage(messageFrom(appended.entry()), appended.duplicate()));
  }

  @Override
  public Future<List<TicketMessage>> messages(String ticketId, SeqRange range, boolean includeInternal) {
    JsonObject filter = includeInternal ? new JsonObject() : new JsonObject().put("isInternal", false);
    return messages.range(ticketId, range, filter)
      .map(docs -> docs.stream().map(MongoTicketStore::messageFrom).toList());
  }

  private Future<Long> count(JsonObject filter) {
    return mongo.count(TICKETS, filter).recover(cause -> Future.failedFuture(unavailable(cause)));
  }

  /** The scope's alternatives as a filter: a list becomes {@code $in}, null matches an absent field. */
  static JsonObject scopeFilter(TicketScope scope) {
    JsonArray alternatives = new JsonArray();
    for (Map<String, Object> alternative : scope.anyOf()) {
      JsonObject clause = new JsonObject();
      alternative.forEach((field, value) -> clause.put(field,
        value instanceof List<?> oneOf ? new JsonObject().put("$in", new JsonArray(List.copyOf(oneOf))) : value));
      alternatives.add(clause);
    }
    return alternatives.isEmpty() ? new JsonObject() : new JsonObject().put("$or", alternatives);
  }

  private static String cursorOf(JsonObject doc) {
    String raw = doc.getLong("activityAt") + ":" + doc.getString("_id");
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
  }

  /** Tickets after the cursor's position in (activityAt desc, _id desc) order. */
  private static JsonObject after(String cursor) {
    try {
      String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":", 2);
      long activityAt = Long.parseLong(parts[0]);
      String id = parts[1];
      return new JsonObject().put("$or", new JsonArray()
        .add(new JsonObject().put("activityAt", new JsonObject().put("$lt", activityAt)))
        .add(new JsonObject().put("activityAt", activityAt).put("_id", new JsonObject().put("$lt", id))));
    } catch (RuntimeException e) {
      throw ErrorCode.INVALID_DATA.exception("cursor is not one this server gave out");
    }
  }

  private static GatewayException refusal(JsonObject ticket, String ticketId) {
    if (ticket == null) {
      return notFound(ticketId);
    }
    if (TicketStatus.CLOSED.name().equals(ticket.getString("status"))) {
      return ErrorCode.ROOM_INACTIVE.exception("ticket " + ticketId + " is closed");
    }
    return ErrorCode.STORE_UNAVAILABLE.exception("ticket " + ticketId + " changed during the write; retry");
  }

  private static GatewayException notFound(String ticketId) {
    return ErrorCode.TICKET_NOT_FOUND.exception("ticket " + ticketId + " does not exist");
  }

  private static Ticket ticketFrom(JsonObject doc) {
    return Ticket.fromJson(doc.copy().put("id", doc.getString("_id")));
  }

  private static TicketMessage messageFrom(JsonObject doc) {
    return TicketMessage.fromJson(doc.copy().put("id", doc.getString("_id")));
  }
}
