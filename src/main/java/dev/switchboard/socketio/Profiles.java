package dev.switchboard.socketio;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.socketio.Profile.Join;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import static dev.switchboard.socketio.Profile.SAME;

/**
 * The vocabularies a Socket.IO endpoint may speak, by the name configuration gives them, each the
 * declaration of one seed's documented client (docs/socketio.md has them as tables).
 */
public final class Profiles {
  private static final Function<Object, Object> AS_IS = reply -> reply;
  private static final Join TICKET_BY_ID = new Join(Addresses.SUPPORT_FAMILY, "ticketId");

  /**
   * Seed 000 as written: the gateway's own event names; a join subscribes the socket and is answered
   * with {@code internal-chat:joined} or {@code support-chat:joined}; room messages carry
   * {@code isOwnMessage: false}; numeric ids.
   */
  public static final Profile CHAT = Profile.named("chat").passThrough().numericIds()
    .join(Addresses.CHAT_JOIN, new Join(Addresses.CHAT_FAMILY, "roomId"), Addresses.CHAT_JOIN, body -> body,
      "internal-chat:joined", AS_IS)
    .join(Addresses.SUPPORT_JOIN, TICKET_BY_ID, Addresses.SUPPORT_JOIN, body -> body, "support-chat:joined", AS_IS)
    .emit(Addresses.CHAT_MESSAGE, Addresses.CHAT_MESSAGE, message -> message.copy().put("isOwnMessage", false))
    .channels(Profiles::chatChannels)
    .build();

  /**
   * Seed 002, a ticket desk: {@code join_ticket}, {@code send_message} ({@code content}),
   * {@code typing}, {@code ticket_status_change} (lower-case statuses) in; {@code message_received
   * {message}}, {@code typing_indicator}, {@code ticket_updated}, {@code user_joined},
   * {@code user_left} out. Identity fields in payloads are ignored: the token says who.
   */
  public static final Profile TICKETS = Profile.named("tickets")
    .join("join_ticket", TICKET_BY_ID, Addresses.SUPPORT_JOIN, body -> pick(body, "ticketId"), null, AS_IS)
    .on("leave_ticket", Addresses.SUPPORT_LEAVE, body -> pick(body, "ticketId"))
    // the seed's room includes the sender: it hears its own message as the others do
    .on("send_message", Addresses.SUPPORT_MESSAGE, body -> pick(body, "ticketId", "tempId").put("body", body.getValue("content")),
      "message_received", reply -> new JsonObject().put("message", seed002Message((JsonObject) reply)))
    .on("typing", Addresses.SUPPORT_TYPING, body -> pick(body, "ticketId", "isTyping"))
    .on("ticket_status_change", Addresses.SUPPORT_TICKET_UPDATE,
      body -> pick(body, "ticketId").put("status", upper(body.getValue("status"))))
    .emit(Addresses.SUPPORT_MESSAGE, "message_received", message -> new JsonObject().put("message", seed002Message(message)))
    .emit(Addresses.SUPPORT_TYPING, "typing_indicator", typing -> new JsonObject().put("ticketId", typing.getValue("ticketId"))
      .put("senderId", typing.getValue("userId")).put("senderName", typing.getValue("userName"))
      .put("isTyping", typing.getValue("isTyping")))
    .emit(Addresses.SUPPORT_TICKET_UPDATE, "ticket_updated", update -> update.copy().put("status", lower(update.getValue("status"))))
    .emit(Addresses.SUPPORT_USER_JOINED, "user_joined", Profiles::seed002Participant)
    .emit(Addresses.SUPPORT_USER_LEFT, "user_left", Profiles::seed002Participant)
    .channels(principal -> List.of(Addresses.user(principal.id())))
    .build();

  /**
   * Seed 003 (Servana): a chat group is a ticket; status, online list, chat groups, typing and
   * stop-typing, room stats for admins, in the seed's camelCase and snake_case shapes. Sockets hear
   * their own user address, their departments' rooms, the online list and, for staff, the agents'
   * channel; admins the room statistics.
   */
  public static final Profile SERVANA = Profile.named("servana").numericIds()
    .on("userOnline", Addresses.CHAT_SET_STATUS, body -> new JsonObject().put("status", "online"),
      "userStatusUpdated", Profiles::seed003Status)
    .on("userOffline", Addresses.CHAT_SET_STATUS, body -> new JsonObject().put("status", "offline"),
      "userStatusUpdated", Profiles::seed003Status)
    .on("userHeartbeat", Addresses.PRESENCE_HEARTBEAT, body -> new JsonObject())
    .on("getOnlineUsers", Addresses.PRESENCE_GET_ONLINE_USERS, body -> new JsonObject(), "onlineUsersList", AS_IS)
    .join("joinChatGroup", new Join(Addresses.SUPPORT_FAMILY, "groupId"), Addresses.SUPPORT_JOIN,
      body -> new JsonObject().put("ticketId", body.getValue("groupId")), "joinedRoom", Profiles::seed003Joined)
    .on("leaveRoom", Addresses.SUPPORT_LEAVE, body -> new JsonObject().put("ticketId", body.getValue("chatGroupId")))
    .on("sendMessage", Addresses.SUPPORT_MESSAGE, body -> new JsonObject().put("ticketId", body.getValue("chatGroupId"))
      .put("body", body.getValue("message")), "receiveMessage", reply -> seed003Message((JsonObject) reply))
    .onlyInJoinedRoom("sendMessage", new Join(Addresses.SUPPORT_FAMILY, "chatGroupId"))
    .on("typing", Addresses.SUPPORT_TYPING, body -> typing(body, true))
    .on("stopTyping", Addresses.SUPPORT_TYPING, body -> typing(body, false))
    .on("getRoomStats", Addresses.ADMIN_GET_STATS, body -> new JsonObject(), Addresses.ROOM_STATS_UPDATE,
      Profiles::seed003Stats)
    .emit(Addresses.SUPPORT_MESSAGE, message -> !message.getBoolean("isInternal", false), message -> "receiveMessage",
      Profiles::seed003Message)
    .emit(Addresses.SUPPORT_TYPING, typing -> true,
      typing -> Boolean.TRUE.equals(typing.getValue("isTyping")) ? "typing" : "stopTyping",
      typing -> new JsonObject().put("chatGroupId", typing.getValue("ticketId")).put("userType", seed003UserType(typing.getValue("userType")))
        .put("userId", typing.getValue("userId")).put("isTyping", typing.getValue("isTyping")))
    .emit(Addresses.SUPPORT_USER_JOINED, "userJoined", Profiles::seed003Participant)
    .emit(Addresses.SUPPORT_USER_LEFT, "userLeft", Profiles::seed003Participant)
    .emit(Addresses.CONVERSATION_UPDATED, "updateChatGroups", update -> new JsonObject().put("action", "new_message")
      .put("chatGroupId", update.getValue("conversation_id")).put("timestamp", update.getValue("updated_at")))
    .emit(Addresses.NEW_CUSTOMER_MESSAGE, "customerListUpdate", news -> new JsonObject().put("action", "sort")
      .put("chatGroupId", news.getValue("conversation_id")).put("newPosition", 1).put("timestamp", iso(news.getValue("timestamp"))))
    .emit(Addresses.ONLINE_USERS_UPDATE, "onlineUsersUpdate", SAME)
    .emit(Addresses.ROOM_STATS_UPDATE, Addresses.ROOM_STATS_UPDATE, Profiles::seed003Stats)
    .channels(Profiles::servanaChannels)
    .build();

  /**
   * Seed 004's {@code /notifications} namespace: {@code connected} once authenticated;
   * {@code notification:new}, {@code unread-count}, {@code marked-as-read},
   * {@code marked-all-as-read} out; {@code get-unread-count}, {@code mark-as-read},
   * {@code mark-all-as-read} in.
   */
  public static final Profile NOTIFICATIONS = Profile.named("notifications")
    .connected(Profiles::seed004Connected)
    .on("get-unread-count", Addresses.NOTIFICATIONS_GET_UNREAD_COUNT, body -> new JsonObject(), Addresses.UNREAD_COUNT, AS_IS)
    .on("mark-as-read", Addresses.NOTIFICATIONS_MARK_AS_READ, body -> pick(body, "notificationIds"))
    .on("mark-all-as-read", Addresses.NOTIFICATIONS_MARK_ALL_AS_READ, body -> new JsonObject())
    .on("list", Addresses.NOTIFICATIONS_LIST, body -> pick(body, "limit", "unreadOnly"))
    .emit(Addresses.NOTIFICATION_NEW, Addresses.NOTIFICATION_NEW, SAME)
    .emit(Addresses.UNREAD_COUNT, Addresses.UNREAD_COUNT, SAME)
    .emit(Addresses.MARKED_AS_READ, Addresses.MARKED_AS_READ, SAME)
    .emit(Addresses.MARKED_ALL_AS_READ, Addresses.MARKED_ALL_AS_READ, SAME)
    .channels(principal -> List.of(Addresses.user(principal.id()), Addresses.BROADCAST_ALL))
    .build();

  /**
   * Seed 004's {@code /support} namespace: {@code join-ticket} → {@code joined-ticket},
   * {@code leave-ticket} → {@code left-ticket}, {@code typing} → {@code user-typing},
   * {@code message:new} in the ticket and {@code support:new-message} on the user's address.
   * Internal notes are not sent over WebSocket in this profile, as the seed says, not even to staff.
   */
  public static final Profile SUPPORT = Profile.named("support")
    .connected(Profiles::seed004Connected)
    .join("join-ticket", TICKET_BY_ID, Addresses.SUPPORT_JOIN, body -> pick(body, "ticketId"), "joined-ticket",
      reply -> new JsonObject().put("ticketId", ((JsonObject) reply).getValue("ticketId")))
    .on("leave-ticket", Addresses.SUPPORT_LEAVE, body -> pick(body, "ticketId"), "left-ticket", AS_IS)
    .on("typing", Addresses.SUPPORT_TYPING, body -> pick(body, "ticketId", "isTyping"))
    .on("send-message", Addresses.SUPPORT_MESSAGE, body -> pick(body, "ticketId", "body", "tempId"))
    .emit(Addresses.SUPPORT_MESSAGE, message -> !message.getBoolean("isInternal", false), message -> "message:new", SAME)
    .emit(Addresses.SUPPORT_TYPING, typing -> !typing.getBoolean("isInternal", false), typing -> "user-typing", SAME)
    .emit(Addresses.NEW_CUSTOMER_MESSAGE, "support:new-message", SAME)
    .emit(Addresses.CONVERSATION_UPDATED, update -> update.getValue("last_message") instanceof JsonObject last
      && !last.getBoolean("isInternal", false), update -> "support:new-message", SAME)
    .channels(principal -> List.of(Addresses.user(principal.id())))
    .build();

  private static final Map<String, Profile> BY_NAME = Map.of(CHAT.name(), CHAT, TICKETS.name(), TICKETS,
    SERVANA.name(), SERVANA, NOTIFICATIONS.name(), NOTIFICATIONS, SUPPORT.name(), SUPPORT);

  private Profiles() {
  }

  /** The profile of that name; {@link IllegalArgumentException} naming the known ones otherwise. */
  public static Profile named(String name) {
    Profile profile = BY_NAME.get(name);
    if (profile == null) {
      throw new IllegalArgumentException("unknown Socket.IO profile '" + name + "'; known: " + BY_NAME.keySet());
    }
    return profile;
  }

  /** Its own user address, everyone's broadcasts and statuses, and for staff the agents' channel. */
  private static List<String> chatChannels(Principal principal) {
    List<String> channels = new ArrayList<>(List.of(Addresses.user(principal.id()), Addresses.BROADCAST_ALL));
    if (principal.role() != Role.CUSTOMER) {
      channels.add(Addresses.CHAT_PRESENCE);
    }
    if (principal.role().staff()) {
      channels.add(Addresses.SUPPORT_AGENTS);
    }
    if (principal.role() == Role.ADMIN) {
      channels.add(Addresses.ADMIN_STATS);
    }
    return channels;
  }

  /** Seed 003's rooms: the user's own, the online list, staff their departments' and the agents'; admins the stats. */
  private static List<String> servanaChannels(Principal principal) {
    List<String> channels = new ArrayList<>(List.of(Addresses.user(principal.id()), Addresses.BROADCAST_ALL));
    if (principal.role() != Role.CUSTOMER) {
      channels.add(Addresses.PRESENCE_ONLINE_USERS);
    }
    if (principal.role().staff()) {
      channels.add(Addresses.SUPPORT_AGENTS);
      principal.depts().forEach(dept -> channels.add(Addresses.department(dept)));
    }
    if (principal.role() == Role.ADMIN) {
      channels.add(Addresses.ADMIN_STATS);
    }
    return channels;
  }

  /** A JSON object with only the named fields of {@code body} that it has. */
  static JsonObject pick(JsonObject body, String... fields) {
    JsonObject picked = new JsonObject();
    for (String field : fields) {
      if (body.containsKey(field)) {
        picked.put(field, body.getValue(field));
      }
    }
    return picked;
  }

  private static Object upper(Object value) {
    return value instanceof String text ? text.toUpperCase(Locale.ROOT) : value;
  }

  private static Object lower(Object value) {
    return value instanceof String text ? text.toLowerCase(Locale.ROOT) : value;
  }

  private static Object iso(Object epochMillis) {
    return epochMillis instanceof Number millis ? Instant.ofEpochMilli(millis.longValue()).toString() : epochMillis;
  }

  /** Seed 002 calls a customer a user. */
  private static String seed002UserType(Object userType) {
    return "customer".equals(userType) ? "user" : (String) userType;
  }

  /** Seed 003 calls a customer a client. */
  private static Object seed003UserType(Object userType) {
    return "customer".equals(userType) ? "client" : userType;
  }

  private static JsonObject seed002Message(JsonObject message) {
    return message.copy().put("content", message.getValue("body"))
      .put("senderType", seed002UserType(message.getValue("senderType")));
  }

  private static Object seed002Participant(JsonObject participant) {
    return participant.copy().put("userType", seed002UserType(participant.getValue("userType")));
  }

  private static JsonObject typing(JsonObject body, boolean isTyping) {
    return new JsonObject().put("ticketId", body.getValue("chatGroupId")).put("isTyping", isTyping);
  }

  /** {@code {userId, status, timestamp}}, the timestamp as ISO text. */
  private static Object seed003Status(Object status) {
    JsonObject copy = ((JsonObject) status).copy();
    return copy.put("timestamp", iso(copy.getValue("timestamp")));
  }

  /** {@code {chatGroupId, roomInfo: {status, memberCount}}} from a ticket join's reply. */
  private static Object seed003Joined(Object reply) {
    JsonObject joined = (JsonObject) reply;
    boolean closed = "CLOSED".equals(joined.getJsonObject("ticket").getString("status"));
    return new JsonObject().put("chatGroupId", joined.getValue("ticketId")).put("roomInfo", new JsonObject()
      .put("status", closed ? "inactive" : "active")
      .put("memberCount", joined.getJsonArray("participants", new JsonArray()).size()));
  }

  /** The seed's snake_case message with the sender's profile names from the token's name. */
  private static Object seed003Message(JsonObject message) {
    String name = String.valueOf(message.getValue("senderName"));
    int space = name.indexOf(' ');
    return new JsonObject().put("chat_id", message.getValue("id")).put("chat_message", message.getValue("body"))
      .put("chat_created_at", message.getValue("createdAt")).put("sender_type", seed003UserType(message.getValue("senderType")))
      .put("chatGroupId", message.getValue("ticketId"))
      .put("sender", new JsonObject().put("userId", message.getValue("senderId")).put("profile", new JsonObject()
        .put("prof_firstname", space < 0 ? name : name.substring(0, space))
        .put("prof_lastname", space < 0 ? "" : name.substring(space + 1))));
  }

  private static Object seed003Participant(JsonObject participant) {
    return new JsonObject().put("userType", seed003UserType(participant.getValue("userType"))).put("userId", participant.getValue("userId"))
      .put("chatGroupId", participant.getValue("ticketId"));
  }

  private static Object seed003Stats(Object stats) {
    JsonObject copy = ((JsonObject) stats).copy();
    return pick(copy, "totalRooms", "activeRooms", "totalUsers").put("timestamp", iso(copy.getValue("timestamp")));
  }

  private static JsonObject seed004Connected(Principal principal) {
    return new JsonObject().put("userId", principal.id()).put("name", principal.name()).put("role", principal.role().wireName());
  }
}
