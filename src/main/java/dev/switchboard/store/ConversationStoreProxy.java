package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.conversations.Conversation;
import dev.switchboard.conversations.ConversationStore;
import dev.switchboard.conversations.ReadMark;
import dev.switchboard.support.TicketScope;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@link ConversationStore} over the event bus, answered by this node's {@link StoreVerticle}. */
public final class ConversationStoreProxy implements ConversationStore {
  private final StoreBus store;

  public ConversationStoreProxy(EventBus bus) {
    this.store = new StoreBus(bus);
  }

  @Override
  public Future<List<Conversation>> list(String userId, TicketScope tickets, boolean includeInternal, int limit) {
    JsonObject query = new JsonObject().put("userId", userId).put("scope", tickets.toJson())
      .put("includeInternal", includeInternal).put("limit", limit);
    return store.list(Addresses.STORE_CONVERSATIONS_LIST, query, Conversation::fromJson);
  }

  @Override
  public Future<ReadMark> markRead(String userId, Kind kind, String id, long seq, boolean includeInternal) {
    JsonObject request = new JsonObject().put("userId", userId).put("kind", kind.name()).put("id", id).put("seq", seq)
      .put("includeInternal", includeInternal);
    return store.object(Addresses.STORE_CONVERSATIONS_MARK_READ, request, ReadMark::fromJson);
  }
}
