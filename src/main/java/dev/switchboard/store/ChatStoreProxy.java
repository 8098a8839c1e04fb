package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.chat.AppendResult;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatStore;
import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.payload.SeqRange;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@link ChatStore} over the event bus, answered by this node's {@link StoreVerticle}. */
public final class ChatStoreProxy implements ChatStore {
  private final StoreBus store;

  public ChatStoreProxy(EventBus bus) {
    this.store = new StoreBus(bus);
  }

  @Override
  public Future<Room> createRoom(Room room) {
    return store.object(Addresses.STORE_CREATE_ROOM, room.toJson(), Room::fromJson);
  }

  @Override
  public Future<Room> updateRoom(String roomId, JsonObject changes) {
    return store.object(Addresses.STORE_UPDATE_ROOM, new JsonObject().put("roomId", roomId).put("changes", changes),
      Room::fromJson);
  }

  @Override
  public Future<Room> findRoom(String roomId) {
    return store.object(Addresses.STORE_FIND_ROOM, new JsonObject().put("roomId", roomId), Room::fromJson);
  }

  @Override
  public Future<AppendResult> append(NewMessage message) {
    return store.record(Addresses.STORE_APPEND_MESSAGE, message, AppendResult.class);
  }

  @Override
  public Future<List<ChatMessage>> messages(String roomId, SeqRange range) {
    JsonObject query = new JsonObject().put("roomId", roomId).put("range", range.toJson());
    return store.list(Addresses.STORE_MESSAGES, query, ChatMessage::fromJson);
  }
}
