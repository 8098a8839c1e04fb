package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.support.NewTicketMessage;
import dev.switchboard.support.Ticket;
import dev.switchboard.support.TicketChanges;
import dev.switchboard.support.TicketMessage;
import dev.switchboard.support.TicketQuery;
import dev.switchboard.support.TicketScope;
import dev.switchboard.support.TicketStore;
import dev.switchboard.payload.SeqRange;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@link TicketStore} over the event bus, answered by this node's {@link StoreVerticle}. */
public final class TicketStoreProxy implements TicketStore {
  private final StoreBus store;

  public TicketStoreProxy(EventBus bus) {
    this.store = new StoreBus(bus);
  }

  @Override
  public Future<Ticket> create(Ticket ticket) {
    return store.object(Addresses.STORE_TICKET_CREATE, ticket.toJson(), Ticket::fromJson);
  }

  @Override
  public Future<Ticket> find(String ticketId) {
    return store.object(Addresses.STORE_TICKET_FIND, new JsonObject().put("ticketId", ticketId), Ticket::fromJson);
  }

  @Override
  public Future<TicketPage> list(TicketQuery query) {
    return store.object(Addresses.STORE_TICKET_LIST, query.toJson(), TicketCodec::page);
  }

  @Override
  public Future<Ticket> update(String ticketId, TicketChanges changes) {
    return store.object(Addresses.STORE_TICKET_UPDATE, changes.toJson().put("ticketId", ticketId), Ticket::fromJson);
  }

  @Override
  public Future<JsonObject> counts(TicketScope scope) {
    return store.object(Addresses.STORE_TICKET_COUNTS, scope.toJson(), counts -> counts);
  }

  @Override
  public Future<StoredTicketMessage> append(NewTicketMessage message) {
    return store.object(Addresses.STORE_TICKET_APPEND, message.toJson(), TicketCodec::stored);
  }

  @Override
  public Future<List<TicketMessage>> messages(String ticketId, SeqRange range, boolean includeInternal) {
    JsonObject query = new JsonObject().put("ticketId", ticketId).put("range", range.toJson())
      .put("includeInternal", includeInternal);
    return store.list(Addresses.STORE_TICKET_MESSAGES, query, TicketMessage::fromJson);
  }

  /** The JSON forms of the store's composite replies, written by the verticle and read by the proxy. */
  static final class TicketCodec {
    private TicketCodec() {
    }

    static JsonObject page(TicketPage page) {
      return new JsonObject().put("tickets", new JsonArray(page.tickets().stream().map(Ticket::toJson).toList()))
        .put("nextCursor", page.nextCursor());
    }

    static TicketPage page(JsonObject json) {
      return new TicketPage(json.getJsonArray("tickets").stream().map(t -> Ticket.fromJson((JsonObject) t)).toList(),
        json.getString("nextCursor"));
    }

    static JsonObject stored(StoredTicketMessage stored) {
      return new JsonObject().put("message", stored.message().toJson()).put("duplicate", stored.duplicate());
    }

    static StoredTicketMessage stored(JsonObject json) {
      return new StoredTicketMessage(TicketMessage.fromJson(json.getJsonObject("message")), json.getBoolean("duplicate"));
    }
  }
}
