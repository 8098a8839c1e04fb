package dev.switchboard.wsjson;

import dev.switchboard.bus.Addresses;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.json.JsonObject;

/**
 * What a chat socket's conversation id may name, tried in this order: a ticket, then a chat room.
 * Each is the address family the socket subscribes to and the commands it speaks through.
 */
enum ConversationKind {
  TICKET(Addresses.SUPPORT_FAMILY, "ticketId", Addresses.SUPPORT_JOIN, Addresses.SUPPORT_MESSAGE, Addresses.SUPPORT_TYPING,
    ErrorCode.TICKET_NOT_FOUND),
  ROOM(Addresses.CHAT_FAMILY, "roomId", Addresses.CHAT_JOIN, Addresses.CHAT_MESSAGE, Addresses.CHAT_TYPING,
    ErrorCode.ROOM_NOT_FOUND);

  private final String family;
  private final String idField;
  private final String join;
  private final String message;
  private final String typing;
  private final ErrorCode missing;

  ConversationKind(String family, String idField, String join, String message, String typing, ErrorCode missing) {
    this.family = family;
    this.idField = idField;
    this.join = join;
    this.message = message;
    this.typing = typing;
    this.missing = missing;
  }

  String address(String id) {
    return family + ":" + id;
  }

  /** A command's body naming the conversation. */
  JsonObject request(String id) {
    return new JsonObject().put(idField, id);
  }

  /** The id a room event of this kind names. */
  static String idIn(JsonObject payload) {
    return payload.getString(TICKET.idField, payload.getString(ROOM.idField));
  }

  String join() {
    return join;
  }

  String message() {
    return message;
  }

  String typing() {
    return typing;
  }

  /** Whether the failure says there is no conversation of this kind by that id, so the next kind may be tried. */
  boolean isMissing(GatewayException failure) {
    return failure.code() == missing;
  }

  /** The one socket of a chat endpoint's conversation: its kind and id. */
  record Conversation(ConversationKind kind, String id) {
    String address() {
      return kind.address(id);
    }

    JsonObject request() {
      return kind.request(id);
    }
  }
}
