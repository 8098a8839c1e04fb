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

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@link ChatStore} over the event bus, answered by this node's {@link StoreVerticle}; a room's
 * appends and changes by the store of the node that {@link RoomOwners owns} the room.
 */
public final class ChatStoreProxy implements ChatStore {
  /** How long this node numbers the rooms of an owner that did not answer, before it asks that owner again. */
  static final long STAND_IN_MS = 10_000;

  private final StoreBus store;
  private final RoomOwners owners;
  /** Owners that did not answer, to when this node stands in for them; read and written on one event loop. */
  private final Map<String, Long> standingIn = new HashMap<>();

  public ChatStoreProxy(EventBus bus, RoomOwners owners) {
    this.store = new StoreBus(bus);
    this.owners = owners;
  }

  @Override
  public Future<Room> createRoom(Room room) {
    return store.object(Addresses.STORE_CREATE_ROOM, room.toJson(), Room::fromJson);
  }

  @Override
  public Future<Room> updateRoom(String roomId, JsonObject changes) {
    JsonObject request = new JsonObject().put("roomId", roomId).put("changes", changes);
    return atOwner(roomId, () -> store.object(Addresses.STORE_UPDATE_ROOM, request, Room::fromJson),
      owner -> store.remote(Addresses.storeOwnerUpdateRoom(owner), request, Room::fromJson));
  }

  @Override
  public Future<Room> findRoom(String roomId) {
    return store.object(Addresses.STORE_FIND_ROOM, new JsonObject().put("roomId", roomId), Room::fromJson);
  }

  @Override
  public Future<Long> lastSeq(String roomId) {
    return store.object(Addresses.STORE_ROOM_LAST_SEQ, new JsonObject().put("roomId", roomId), reply -> reply.getLong("lastSeq"));
  }

  @Override
  public Future<AppendResult> append(NewMessage message) {
    return atOwner(message.roomId(), () -> store.record(Addresses.STORE_APPEND_MESSAGE, message, AppendResult.class),
      owner -> store.remote(Addresses.storeOwnerAppend(owner), message.toJson(), AppendResult::fromJson));
  }

  /**
   * Asks the room's owner: this node's store ({@code here}) or another's ({@code there}). An owner
   * that did not answer (it is starting up, has stopped, or died and the cluster does not know it
   * yet, which can take a minute) is stood in for by this node's store, for {@link #STAND_IN_MS}:
   * messages keep being stored, and the unique index on room and number keeps two stores' numbers apart.
   */
  private <T> Future<T> atOwner(String roomId, Supplier<Future<T>> here, Function<String, Future<T>> there) {
    String owner = owners.ownerOf(roomId);
    long now = System.currentTimeMillis();
    if (owner.equals(owners.localNode()) || standingIn.getOrDefault(owner, 0L) > now) {
      return here.get();
    }
    return there.apply(owner).recover(cause -> {
      if (!StoreBus.unanswered(cause)) {
        return Future.failedFuture(cause);
      }
      standingIn.put(owner, System.currentTimeMillis() + STAND_IN_MS);
      return here.get();
    });
  }

  @Override
  public Future<List<ChatMessage>> messages(String roomId, SeqRange range) {
    JsonObject query = new JsonObject().put("roomId", roomId).put("range", range.toJson());
    return store.list(Addresses.STORE_MESSAGES, query, ChatMessage::fromJson);
  }
}
