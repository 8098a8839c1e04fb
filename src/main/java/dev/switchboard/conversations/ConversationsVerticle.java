package dev.switchboard.conversations;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.bus.Requests;
import dev.switchboard.chat.ChatStore;
import dev.switchboard.conversations.ConversationStore.Kind;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.payload.Fields;
import dev.switchboard.fanout.Audience;
import dev.switchboard.fanout.RoomBus;
import dev.switchboard.support.TicketScope;
import dev.switchboard.support.TicketStore;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Conversation lists and read state over rooms and tickets (seed 001): {@code conversations:list}
 * and {@code conversations:mark-read}, which moves the user's cursor forward only, updates the list
 * on all their devices and tells the conversation {@code messages_read} (read receipts).
 */
public final class ConversationsVerticle extends VerticleBase {
  static final int MAX_PAGE = 100;
  static final int DEFAULT_PAGE = 50;

  private final ConversationStore conversations;
  private final ChatStore chat;
  private final TicketStore tickets;
  private RoomBus rooms;

  /** Where one mark applies: the kind and id, the request field that names it, its address, its last seq. */
  private record Target(Kind kind, String id, String field, String address, long lastSeq) {
  }

  public ConversationsVerticle(ConversationStore conversations, ChatStore chat, TicketStore tickets) {
    this.conversations = conversations;
    this.chat = chat;
    this.tickets = tickets;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    rooms = new RoomBus(bus);
    return Future.all(List.of(
      Requests.handle(bus, Addresses.inbound(Addresses.CONVERSATIONS_LIST), this::list),
      Requests.handle(bus, Addresses.inbound(Addresses.CONVERSATIONS_MARK_READ), this::markRead)));
  }

  private Future<JsonObject> list(Principal principal, Message<JsonObject> request) {
    int limit = (int) Fields.longIn(request.body(), "limit", 1, MAX_PAGE, DEFAULT_PAGE);
    return conversations.list(principal.id(), TicketScope.of(principal), principal.role().staff(), limit)
      .map(list -> new JsonObject()
        .put("conversations", new JsonArray(list.stream().map(Conversation::toJson).toList()))
        .put("timestamp", System.currentTimeMillis()));
  }

  private Future<JsonObject> markRead(Principal principal, Message<JsonObject> request) {
    JsonObject body = request.body();
    boolean room = body.getValue("roomId") != null;
    if (room == (body.getValue("ticketId") != null)) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("give either roomId or ticketId"));
    }
    Future<Target> target = room ? roomTarget(principal, Fields.id(body, "roomId"))
      : ticketTarget(principal, Fields.id(body, "ticketId"));
    return target.compose(t -> {
      long seq = Fields.longIn(body, "seq", 0, t.lastSeq(), t.lastSeq());
      return conversations.markRead(principal.id(), t.kind(), t.id(), seq, principal.role().staff())
        .map(mark -> told(principal, request, t, mark));
    });
  }

  /** A forward move is a read receipt for the conversation; every move updates the user's lists. */
  private JsonObject told(Principal principal, Message<JsonObject> request, Target target, ReadMark mark) {
    if (mark.moved()) {
      rooms.publishExceptCaller(request, target.address(), Addresses.MESSAGES_READ, new JsonObject()
        .put(target.field(), target.id()).put("userId", principal.id()).put("seq", mark.seq()), Audience.EVERYONE);
    }
    rooms.publish(Addresses.user(principal.id()), Addresses.CONVERSATION_UPDATED, new JsonObject()
      .put("conversation_id", target.id()).put("kind", target.kind().name().toLowerCase())
      .put("readSeq", mark.seq()).put("unread_count", mark.unreadCount()));
    return new JsonObject().put(target.field(), target.id()).put("seq", mark.seq()).put("moved", mark.moved())
      .put("unread_count", mark.unreadCount());
  }

  private Future<Target> roomTarget(Principal principal, String roomId) {
    return chat.findRoom(roomId).compose(room -> principal.role() == Role.ADMIN || room.members().contains(principal.id())
      ? chat.lastSeq(roomId).map(lastSeq -> new Target(Kind.ROOM, roomId, "roomId", Addresses.chatRoom(roomId), lastSeq))
      : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("not a member of room " + roomId)));
  }

  private Future<Target> ticketTarget(Principal principal, String ticketId) {
    return tickets.find(ticketId).compose(ticket -> TicketScope.of(principal).admits(ticket)
      ? Future.succeededFuture(new Target(Kind.TICKET, ticketId, "ticketId", Addresses.ticketRoom(ticketId), ticket.lastSeq()))
      : Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("ticket " + ticketId + " is not yours to see")));
  }
}
