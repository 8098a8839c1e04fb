package dev.switchboard.store;

import dev.switchboard.bus.Addresses;
import dev.switchboard.chat.AppendResult;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatStore;
import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/** {@link ChatStore} over the event bus, answered by this node's {@link StoreVerticle}. */
public final class ChatStoreProxy implements ChatStore {
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final EventBus bus;

  public ChatStoreProxy(EventBus bus) {
    this.bus = bus;
  }

  @Override
  public Future<Room> createRoom(Room room) {
    return request(Addresses.STORE_CREATE_ROOM, room.toJson()).map(reply -> Room.fromJson((JsonObject) reply));
  }

  @Override
  public Future<Room> findRoom(String roomId) {
    return request(Addresses.STORE_FIND_ROOM, new JsonObject().put("roomId", roomId))
      .map(reply -> Room.fromJson((JsonObject) reply));
  }

  @Override
  public Future<AppendResult> append(NewMessage message) {
    return request(Addresses.STORE_APPEND_MESSAGE, message.toJson())
      .map(reply -> AppendResult.fromJson((JsonObject) reply));
  }

  @Override
  public Future<List<ChatMessage>> messagesBefore(String roomId, long beforeSeq, int limit) {
    JsonObject query = new JsonObject().put("roomId", roomId).put("before", beforeSeq).put("limit", limit);
    return request(Addresses.STORE_MESSAGES_BEFORE, query).map(reply -> ((JsonArray) reply).stream()
      .map(doc -> ChatMessage.fromJson((JsonObject) doc)).toList());
  }

  private Future<Object> request(String address, JsonObject body) {
    return bus.request(address, body, LOCAL)
      .map(reply -> reply.body())
      .recover(cause -> Future.failedFuture(GatewayException.from(cause)));
  }
}
