package dev.switchboard.wsjson;

import dev.switchboard.bus.Addresses;
import dev.switchboard.core.CommandDoor;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.fanout.FrameEncoder;
import dev.switchboard.wsjson.ConversationKind.Conversation;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.Map;
import java.util.function.Function;

/**
 * {@code /ws/chat/{conversation_id}/}: one conversation, a ticket or a chat room the user may see,
 * joined on open and answered with {@code recent_messages}; {@code chat_message}, {@code typing} and
 * {@code mark_read} in; the conversation's messages, typing, read receipts and who comes and goes
 * ({@code user_presence}) out. The sender's own message comes back to it as {@code chat_message}, as
 * the others get it: seed 001's client shows a message only when the server sends it.
 */
final class ChatEndpoint implements Endpoint {
  /** Seed 001's own words for an empty message, which its client compares against. */
  static final String EMPTY_CONTENT = "Message content cannot be empty";

  private final CommandDoor door;
  private final FrameEncoder encoder = Fiko.encoder(Map.of(
    Addresses.SUPPORT_MESSAGE, ChatEndpoint::chatMessage,
    Addresses.CHAT_MESSAGE, ChatEndpoint::chatMessage,
    Addresses.SUPPORT_TYPING, ChatEndpoint::typingIndicator,
    Addresses.CHAT_TYPING, ChatEndpoint::typingIndicator,
    Addresses.MESSAGES_READ, ChatEndpoint::messagesRead,
    Addresses.SUPPORT_USER_JOINED, presence(true),
    Addresses.SUPPORT_USER_LEFT, presence(false),
    Addresses.EXTERNAL_SEND_RESULT, ChatEndpoint::externalSendResult));

  ChatEndpoint(CommandDoor door) {
    this.door = door;
  }

  @Override
  public FrameEncoder encoder() {
    return encoder;
  }

  @Override
  public Future<Void> open(WsJsonSession session, String conversationId) {
    return open(session, conversationId, 0);
  }

  /** Joins the conversation as the {@code kind}-th kind, or as the next one if there is none of this kind by that id. */
  private Future<Void> open(WsJsonSession session, String conversationId, int kind) {
    var conversation = new Conversation(ConversationKind.values()[kind], conversationId);
    return door.subscribe(session, conversation.address())
      .compose(subscribed -> door.send(session, conversation.kind().join(), conversation.request()))
      .<Void>map(joined -> {
        session.conversation(conversation);
        session.write(Fiko.event("recent_messages", new JsonObject()
          .put("messages", Fiko.each(((JsonObject) joined).getJsonArray("recent_messages"), Fiko::message))
          .put("timestamp", Fiko.iso(System.currentTimeMillis()))).encode());
        return null;
      })
      .recover(cause -> {
        GatewayException failure = GatewayException.from(cause);
        boolean another = conversation.kind().isMissing(failure) && kind + 1 < ConversationKind.values().length;
        return another ? open(session, conversationId, kind + 1) : Future.failedFuture(failure);
      });
  }

  @Override
  public Future<Void> handle(WsJsonSession session, String type, JsonObject event) {
    Conversation conversation = session.conversation();
    if (conversation == null) {
      return Future.failedFuture(ErrorCode.ACCESS_DENIED.exception("the conversation is not open"));
    }
    return switch (type) {
      case "chat_message" -> send(session, conversation, event);
      case "typing" -> typing(session, conversation, event);
      case "mark_read" -> door.send(session, Addresses.CONVERSATIONS_MARK_READ, conversation.request()).mapEmpty();
      default -> Future.failedFuture(ErrorCode.INVALID_DATA.exception("unknown event type '" + type + "'"));
    };
  }

  private Future<Void> send(WsJsonSession session, Conversation conversation, JsonObject event) {
    if (!(event.getValue("content") instanceof String content) || content.isBlank()) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception(EMPTY_CONTENT));
    }
    return door.send(session, conversation.kind().message(), conversation.request().put("body", content))
      .map(stored -> {
        session.write(chatMessage((JsonObject) stored).encode());
        return null;
      });
  }

  private Future<Void> typing(WsJsonSession session, Conversation conversation, JsonObject event) {
    if (!(event.getValue("is_typing") instanceof Boolean typing)) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("is_typing must be true or false"));
    }
    return door.send(session, conversation.kind().typing(), conversation.request().put("isTyping", typing)).mapEmpty();
  }

  private static JsonObject chatMessage(JsonObject message) {
    return Fiko.event("chat_message", new JsonObject().put("message", Fiko.message(message)));
  }

  private static JsonObject typingIndicator(JsonObject typing) {
    return Fiko.event("typing_indicator", new JsonObject().put("user_id", typing.getString("userId"))
      .put("username", typing.getString("userName")).put("is_typing", typing.getBoolean("isTyping"))
      .put("conversation_id", ConversationKind.idIn(typing)).put("timestamp", Fiko.iso(typing.getValue("timestamp"))));
  }

  private static JsonObject messagesRead(JsonObject read) {
    return Fiko.event(Addresses.MESSAGES_READ, new JsonObject().put("user_id", read.getString("userId"))
      .put("seq", read.getLong("seq")).put("conversation_id", ConversationKind.idIn(read)));
  }

  /** How delivering a staff reply on the customer's platform ended, told once it is settled (the send is an outbox's). */
  private static JsonObject externalSendResult(JsonObject result) {
    return Fiko.event(Addresses.EXTERNAL_SEND_RESULT, new JsonObject().put("message_id", result.getString("messageId"))
      .put("conversation_id", result.getString("ticketId")).put("external_send_result", result.getJsonObject("external_send_result")));
  }

  private static Function<JsonObject, JsonObject> presence(boolean online) {
    return participant -> Fiko.event("user_presence", new JsonObject().put("user_id", participant.getString("userId"))
      .put("username", participant.getString("userName")).put("is_online", online)
      .put("timestamp", Fiko.iso(System.currentTimeMillis())));
  }
}
