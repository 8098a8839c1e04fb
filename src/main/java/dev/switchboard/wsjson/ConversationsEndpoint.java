package dev.switchboard.wsjson;

import dev.switchboard.bus.Addresses;
import dev.switchboard.core.CommandDoor;
import dev.switchboard.error.ErrorCode;
import dev.switchboard.fanout.FrameEncoder;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code /ws/conversations/}: the user's conversation list on request ({@code get_conversations},
 * {@code refresh_conversations}), and its news as it happens: {@code new_customer_message} and
 * {@code conversation_updated}, heard on the user's own address and, for staff, on the agents'
 * channel (news of tickets nobody is assigned to, for the agents who may see them).
 */
final class ConversationsEndpoint implements Endpoint {
  private static final Set<String> LIST_REQUESTS = Set.of("get_conversations", "refresh_conversations");

  private final CommandDoor door;
  private final FrameEncoder encoder = Fiko.encoder(Map.of(
    Addresses.NEW_CUSTOMER_MESSAGE, ConversationsEndpoint::newCustomerMessage,
    Addresses.CONVERSATION_UPDATED, ConversationsEndpoint::conversationUpdated));

  ConversationsEndpoint(CommandDoor door) {
    this.door = door;
  }

  @Override
  public FrameEncoder encoder() {
    return encoder;
  }

  @Override
  public Future<Void> open(WsJsonSession session, String conversationId) {
    List<String> channels = new ArrayList<>(List.of(Addresses.user(session.principal().id())));
    if (session.principal().role().staff()) {
      channels.add(Addresses.SUPPORT_AGENTS);
    }
    return Future.all(channels.stream().map(address -> door.subscribe(session, address)).toList()).mapEmpty();
  }

  @Override
  public Future<Void> handle(WsJsonSession session, String type, JsonObject event) {
    if (!LIST_REQUESTS.contains(type)) {
      return Future.failedFuture(ErrorCode.INVALID_DATA.exception("unknown event type '" + type + "'"));
    }
    return door.send(session, Addresses.CONVERSATIONS_LIST, new JsonObject())
      .map(reply -> {
        JsonObject list = (JsonObject) reply;
        session.write(Fiko.event("conversations_list", new JsonObject()
          .put("conversations", Fiko.each(list.getJsonArray("conversations"), Fiko::conversation))
          .put("timestamp", Fiko.iso(list.getValue("timestamp")))).encode());
        return null;
      });
  }

  private static JsonObject newCustomerMessage(JsonObject news) {
    return Fiko.event(Addresses.NEW_CUSTOMER_MESSAGE, new JsonObject()
      .put("conversation_id", news.getString("conversation_id"))
      .put("message", Fiko.message(news.getJsonObject("message")))
      .put("timestamp", Fiko.iso(news.getValue("timestamp"))));
  }

  private static JsonObject conversationUpdated(JsonObject update) {
    return Fiko.event(Addresses.CONVERSATION_UPDATED, new JsonObject()
      .put("conversation_id", update.getString("conversation_id")).put("kind", update.getString("kind")));
  }
}
