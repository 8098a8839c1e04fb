package dev.switchboard.chat;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.payload.Fields;
import dev.switchboard.presence.PresenceVerticle;
import dev.switchboard.payload.SeqRange;
import dev.switchboard.fanout.Audience;
import dev.switchboard.fanout.CatchUp;
import dev.switchboard.fanout.RoomBus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Internal chat (seed 000): joining, messages with a per-room sequence, typing, leaving, status,
 * room creation and history. Runs on every node and answers that node's requests only.
 */
public final class ChatVerticle extends VerticleBase {
  static final int MAX_TEMP_ID = 128;
  static final int MAX_NAME = 200;
  static final int MAX_PAGE = 100;
  static final int DEFAULT_PAGE = 50;
  /** Long enough to cover a connect's register and join, short enough that a closed room is seen soon. */
  static final long ROOM_CACHE_MS = 2000;
  static final int ROOM_CACHE_SIZE = 10_000;
  /** Room ids that would collide with the family's own addresses. */
  static final Set<String> RESERVED_IDS = Set.of("join", "leave", "message", "typing", "set-status",
    "user-status", "presence");

  private final ChatStore store;
  private final int maxBodyBytes;
  private final RoomCache cache = new RoomCache(ROOM_CACHE_MS, ROOM_CACHE_SIZE);
  private RoomBus rooms;

  public ChatVerticle(ChatStore store, int maxBodyBytes) {
    this.store = store;
    this.maxBodyBytes = maxBodyBytes;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    rooms = new RoomBus(bus);
    return Future.all(List.of(
      Requests.handle(bus, Addresses.inbound(Addresses.CHAT_JOIN), this::join),
      Requests.handle(bus, Addresses.inbound(Addresses.CHAT_MESSAGE), this::message),
      Requests.handle(bus, Addresses.inbound(Addresses.CHAT_TYPING), this::typing),
      Requests.handle(bus, Addresses.inbound(Addresses.CHAT_LEAVE), this::leave),
      Requests.handle(bus, Addresses.inbound(Addresses.CHAT_SET_STATUS), this::setStatus),
      Requests.handle(bus, Addresses.authorizer(Addresses.CHAT_FAMILY), this::authorize),
      Requests.handle(bus, Addresses.catchUp(Addresses.CHAT_FAMILY), this::catchUp),
      Requests.handle(bus, Addresses.CHAT_CREATE_ROOM, this::createRoom),
      Requests.handle(bus, Addresses.CHAT_UPDATE_ROOM, this::updateRoom),
      Requests.handle(bus, Addresses.CHAT_HISTORY, this::history)));
  }

  /** Replies the room's snapshot with its {@code recent_messages} (oldest first), so a client needs no second request. */
  private Future<JsonObject> join(Principal principal, Message<JsonObject> request) {
    String roomId = Fields.id(request.body(), "roomId");
    int recent = (int) Fields.longIn(request.body(), "limit", 1, MAX_PAGE, DEFAULT_PAGE);
    return openRoom(principal, roomId).compose(room -> store.messages(roomId, SeqRange.before(Long.MAX_VALUE, recent))
      .map(newestFirst -> {
        List<JsonObject> messages = new ArrayList<>(newestFirst.stream().map(ChatMessage::toJson).toList());
        Collections.reverse(messages);
        long lastSeq = newestFirst.isEmpty() ? 0 : newestFirst.get(0).seq();
        return new JsonObject()
          .put("roomId", room.id()).put("name", room.name()).put("lastSeq", lastSeq)
          .put("memberCount", room.members().size()).put("recent_messages", new JsonArray(messages));
      }));
  }

  private Future<JsonObject> message(Principal principal, Message<JsonObject> request) {
    JsonObject body = request.body();
    String roomId = Fields.id(body, "roomId");
    var message = new NewMessage(roomId, Fields.text(body, "body", maxBodyBytes),
      Fields.optionalText(body, "tempId", MAX_TEMP_ID), principal.id(), principal.name(), !principal.isAdmin());
    return store.append(message).onFailure(cause -> forgetIfClosed(roomId, cause)).map(result -> {
      JsonObject payload = result.message().toJson();
      if (!result.duplicate()) {
        rooms.publishExceptCaller(request, Addresses.chatRoom(roomId), Addresses.CHAT_MESSAGE, payload, Audience.EVERYONE);
        updateConversationLists(result);
      }
      return payload;
    });
  }

  /** The other members' conversation lists, on their personal addresses: one cluster message, no write. */
  private void updateConversationLists(AppendResult result) {
    ChatMessage message = result.message();
    List<String> others = result.members().stream().filter(member -> !member.equals(message.senderId()))
      .map(Addresses::user).toList();
    rooms.multicast(others, Addresses.CONVERSATION_UPDATED, new JsonObject().put("conversation_id", message.roomId())
      .put("kind", "room").put("lastSeq", message.seq()).put("updated_at", message.createdAt())
      .put("last_message", message.toJson()));
  }

  private Future<JsonObject> typing(Principal principal, Message<JsonObject> request) {
    String roomId = Fields.id(request.body(), "roomId");
    boolean isTyping = Fields.bool(request.body(), "isTyping");
    return openRoom(principal, roomId).map(room -> {
      JsonObject payload = new JsonObject().put("roomId", roomId).put("isTyping", isTyping)
        .put("userId", principal.id()).put("userName", principal.name()).put("timestamp", System.currentTimeMillis());
      rooms.publishExceptCaller(request, Addresses.chatRoom(roomId), Addresses.CHAT_TYPING, payload, Audience.EVERYONE);
      return payload;
    });
  }

  private Future<JsonObject> leave(Principal principal, Message<JsonObject> request) {
    String roomId = Fields.id(request.body(), "roomId");
    return rooms.unsubscribeCaller(request, Addresses.chatRoom(roomId)).map(new JsonObject().put("roomId", roomId));
  }

  private Future<JsonObject> setStatus(Principal principal, Message<JsonObject> request) {
    String status = Fields.oneOf(request.body(), "status", Set.of("online", "offline"));
    JsonObject payload = new JsonObject().put("userId", principal.id()).put("status", status)
      .put("timestamp", System.currentTimeMillis());
    rooms.publish(Addresses.CHAT_PRESENCE, Addresses.CHAT_USER_STATUS, payload);
    return Future.succeededFuture(payload);
  }

  /**
   * Who may register on {@code internal-chat:*}: anyone on the presence address, members on a room.
   * A re-check after a change of the room does not decide on a room read before the change.
   */
  private Future<JsonObject> authorize(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    if (Addresses.CHAT_PRESENCE.equals(address)) {
      return PresenceVerticle.notCustomer(principal, address);
    }
    String roomId = Fields.id(address.substring(Addresses.CHAT_FAMILY.length() + 1), "room id");
    Long changedAt = request.body().getLong(Addresses.AUTHORIZE_CHANGED_AT);
    long now = System.currentTimeMillis();
    return open(principal, roomId, changedAt == null ? cache.get(roomId, store::findRoom, now)
      : cache.getReadSince(roomId, store::findRoom, now, changedAt)).map(new JsonObject());
  }

  /** A room's messages after the seq a returning member has; nothing on the presence channel. */
  private Future<JsonObject> catchUp(Principal principal, Message<JsonObject> request) {
    String address = request.body().getString("address");
    if (Addresses.CHAT_PRESENCE.equals(address)) {
      return Future.succeededFuture(CatchUp.nothing());
    }
    String roomId = Fields.id(address.substring(Addresses.CHAT_FAMILY.length() + 1), "room id");
    return openRoom(principal, roomId).compose(room -> CatchUp.missed(Addresses.CHAT_MESSAGE, CatchUp.after(request.body()),
      range -> store.messages(roomId, range), ChatMessage::toJson));
  }

  private Future<JsonObject> createRoom(Principal principal, Message<JsonObject> request) {
    if (!principal.role().staff()) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only agents and admins create rooms"));
    }
    JsonObject body = request.body();
    Fields.only(body, Set.of("id", "name", "members"));
    String id = body.getValue("id") == null ? null : Fields.id(body, "id");
    if (id != null && RESERVED_IDS.contains(id)) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("room id '" + id + "' is reserved"));
    }
    List<String> members = new ArrayList<>(Fields.idList(body, "members"));
    if (!members.contains(principal.id())) {
      members.add(principal.id());
    }
    var room = new Room(id, Fields.text(body, "name", MAX_NAME), members, true);
    return store.createRoom(room).map(created -> created.toJson().put("lastSeq", 0L));
  }

  /**
   * {@code PATCH /rooms/{id}}: renames, re-members, closes or reopens a room. Staff who may see it
   * (admins, member agents) may. A change of members or of {@code active} is told to every node,
   * which drops the subscriptions the room no longer allows.
   */
  private Future<JsonObject> updateRoom(Principal principal, Message<JsonObject> request) {
    if (!principal.role().staff()) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("only agents and admins change rooms"));
    }
    JsonObject body = request.body();
    Fields.only(body, Set.of("roomId", "name", "members", "active"));
    String roomId = Fields.id(body, "roomId");
    JsonObject changes = new JsonObject();
    if (body.getValue("name") != null) {
      changes.put("name", Fields.text(body, "name", MAX_NAME));
    }
    if (body.getValue("members") != null) {
      changes.put("members", new JsonArray(Fields.idList(body, "members")));
    }
    if (body.getValue("active") != null) {
      changes.put("active", Fields.bool(body, "active"));
    }
    if (changes.isEmpty()) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("nothing to change: give name, members or active"));
    }
    return store.findRoom(roomId)
      .compose(room -> visibleTo(principal, room) ? store.updateRoom(roomId, changes)
        : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("not a member of room " + roomId)))
      .compose(updated -> {
        cache.forget(roomId);
        if (changes.containsKey("members") || changes.containsKey("active")) {
          rooms.accessChanged(Addresses.chatRoom(roomId));
        }
        return store.lastSeq(roomId).map(lastSeq -> updated.toJson().put("lastSeq", lastSeq));
      });
  }

  private Future<JsonObject> history(Principal principal, Message<JsonObject> request) {
    JsonObject query = request.body();
    String roomId = Fields.id(query, "roomId");
    SeqRange range = Fields.seqRange(query, MAX_PAGE, DEFAULT_PAGE);
    return store.findRoom(roomId)
      .compose(room -> visibleTo(principal, room) ? store.messages(roomId, range)
        : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("not a member of room " + roomId)))
      .map(messages -> new JsonObject().put("roomId", roomId)
        .put("messages", new JsonArray(messages.stream().map(ChatMessage::toJson).toList())));
  }

  private void forgetIfClosed(String roomId, Throwable cause) {
    if (GatewayException.from(cause).code() == ErrorCode.ROOM_INACTIVE) {
      cache.forget(roomId);
    }
  }

  /** The room, if the principal may take part in it now: it exists, they are in it, it is active. */
  private Future<Room> openRoom(Principal principal, String roomId) {
    return open(principal, roomId, cache.get(roomId, store::findRoom, System.currentTimeMillis()));
  }

  private static Future<Room> open(Principal principal, String roomId, Future<Room> found) {
    return found.compose(room -> {
      if (!visibleTo(principal, room)) {
        return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("not a member of room " + roomId));
      }
      if (!room.active()) {
        return Future.failedFuture(ErrorCode.ROOM_INACTIVE.exception("room " + roomId + " is closed"));
      }
      return Future.succeededFuture(room);
    });
  }

  private static boolean visibleTo(Principal principal, Room room) {
    return principal.role() == Role.ADMIN || room.members().contains(principal.id());
  }
}
