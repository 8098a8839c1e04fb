package dev.switchboard.bus;

import java.util.Set;

/**
 * Every event-bus address in one place. Client-facing names are the seeds' vocabulary; internal
 * addresses start with {@code sb.} and are never reachable from a socket.
 */
public final class Addresses {

  // --- Client-facing: what a bridge client sends to, registers on, and sees in the "event" header.
  public static final String CHAT_FAMILY = "internal-chat";
  public static final String CHAT_JOIN = "internal-chat:join";
  public static final String CHAT_LEAVE = "internal-chat:leave";
  public static final String CHAT_MESSAGE = "internal-chat:message";
  public static final String CHAT_TYPING = "internal-chat:typing";
  public static final String CHAT_SET_STATUS = "internal-chat:set-status";
  public static final String CHAT_USER_STATUS = "internal-chat:user-status";
  public static final String CHAT_PRESENCE = "internal-chat:presence";

  public static final String SUPPORT_FAMILY = "support-chat";
  public static final String SUPPORT_JOIN = "support-chat:join";
  public static final String SUPPORT_LEAVE = "support-chat:leave";
  public static final String SUPPORT_MESSAGE = "support-chat:message";
  public static final String SUPPORT_TYPING = "support-chat:typing";
  public static final String SUPPORT_TICKET_UPDATE = "support-chat:ticket-update";
  public static final String SUPPORT_AGENT_STATUS = "support-chat:agent-status";
  /** Staff-only channel of ticket-list changes and agent statuses. */
  public static final String SUPPORT_AGENTS = "support-chat:agents";
  public static final String SUPPORT_TICKET_CREATED = "support-chat:ticket-created";
  public static final String SUPPORT_USER_JOINED = "user_joined";
  public static final String SUPPORT_USER_LEFT = "user_left";

  /** A user's personal address family: {@code user:{userId}}, registrable by that user only. */
  public static final String USER_FAMILY = "user";

  /** A publisher's (admin or service) message to a room, a ticket, a user or everyone (seed 004). */
  public static final String BROADCAST = "broadcast";
  public static final String BROADCAST_FAMILY = "broadcast";
  /** Where {@code kind: all} broadcasts go; anyone may register. */
  public static final String BROADCAST_ALL = "broadcast:all";

  public static final String PRESENCE_FAMILY = "presence";
  public static final String PRESENCE_HEARTBEAT = "presence:heartbeat";
  public static final String PRESENCE_GET_ONLINE_USERS = "presence:get-online-users";
  /** Registrable by anyone: every change of the online list, as {@code onlineUsersUpdate} (seed 003). */
  public static final String PRESENCE_ONLINE_USERS = "presence:online-users";
  public static final String ONLINE_USERS_UPDATE = "onlineUsersUpdate";

  public static final String ADMIN_FAMILY = "admin";
  /** Registrable by admins: periodic {@code roomStatsUpdate} (seed 003). */
  public static final String ADMIN_STATS = "admin:stats";
  public static final String ROOM_STATS_UPDATE = "roomStatsUpdate";
  /** Admins: the room statistics now, the payload of {@code roomStatsUpdate} (seed 003's {@code getRoomStats}). */
  public static final String ADMIN_GET_STATS = "admin:get-stats";

  /** A department's address family: {@code dept:{id}}, registrable by its agents and admins (seed 003's {@code dept_{id}} rooms). */
  public static final String DEPARTMENT_FAMILY = "dept";

  public static final String NOTIFICATIONS_GET_UNREAD_COUNT = "notifications:get-unread-count";
  public static final String NOTIFICATIONS_LIST = "notifications:list";
  public static final String NOTIFICATIONS_MARK_AS_READ = "notifications:mark-as-read";
  public static final String NOTIFICATIONS_MARK_ALL_AS_READ = "notifications:mark-all-as-read";
  /** Events on {@code user:{id}} (seed 004). */
  public static final String NOTIFICATION_NEW = "notification:new";
  public static final String UNREAD_COUNT = "unread-count";
  public static final String MARKED_AS_READ = "marked-as-read";
  public static final String MARKED_ALL_AS_READ = "marked-all-as-read";

  public static final String CONVERSATIONS_LIST = "conversations:list";
  public static final String CONVERSATIONS_MARK_READ = "conversations:mark-read";
  /** Events (seed 001): on {@code user:{id}} for conversation lists, on the room for read receipts. */
  public static final String CONVERSATION_UPDATED = "conversation_updated";
  public static final String NEW_CUSTOMER_MESSAGE = "new_customer_message";
  public static final String MESSAGES_READ = "messages_read";
  /** On a ticket's room: how delivering a staff reply on its external platform ended. */
  public static final String EXTERNAL_SEND_RESULT = "external_send_result";

  /**
   * The names of the events the gateway itself sends. Any other event name on a room is a
   * broadcast's, chosen by its sender for the clients.
   */
  public static final Set<String> EVENTS = Set.of(CHAT_MESSAGE, CHAT_TYPING, CHAT_USER_STATUS, SUPPORT_MESSAGE,
    SUPPORT_TYPING, SUPPORT_TICKET_UPDATE, SUPPORT_AGENT_STATUS, SUPPORT_TICKET_CREATED, SUPPORT_USER_JOINED,
    SUPPORT_USER_LEFT, ONLINE_USERS_UPDATE, ROOM_STATS_UPDATE, NOTIFICATION_NEW, UNREAD_COUNT, MARKED_AS_READ,
    MARKED_ALL_AS_READ, CONVERSATION_UPDATED, NEW_CUSTOMER_MESSAGE, MESSAGES_READ, EXTERNAL_SEND_RESULT);

  /** Addresses a client may {@code send} or {@code publish} to. */
  public static final Set<String> INBOUND = Set.of(CHAT_JOIN, CHAT_LEAVE, CHAT_MESSAGE, CHAT_TYPING, CHAT_SET_STATUS,
    SUPPORT_JOIN, SUPPORT_LEAVE, SUPPORT_MESSAGE, SUPPORT_TYPING, SUPPORT_TICKET_UPDATE, SUPPORT_AGENT_STATUS,
    BROADCAST, PRESENCE_HEARTBEAT, PRESENCE_GET_ONLINE_USERS, NOTIFICATIONS_GET_UNREAD_COUNT, NOTIFICATIONS_LIST,
    NOTIFICATIONS_MARK_AS_READ, NOTIFICATIONS_MARK_ALL_AS_READ, CONVERSATIONS_LIST, CONVERSATIONS_MARK_READ,
    ADMIN_GET_STATS);

  // --- Internal, node-local request handlers.
  /** Where the domain handles a client's {@code send} to {@code clientAddress}. */
  public static String inbound(String clientAddress) {
    return "sb.in." + clientAddress;
  }

  /** Where the domain that owns an address family decides who may register on its addresses. */
  public static String authorizer(String family) {
    return "sb.authorize." + family;
  }

  /**
   * In a request to an {@link #authorizer}, beside {@code address}: the {@link System#nanoTime()} at
   * which this node heard that access to the address changed (a re-check). An authorizer that caches
   * what it decides on must not decide on what it read before then.
   */
  public static final String AUTHORIZE_CHANGED_AT = "changedAt";

  /**
   * Where the domain that owns an address family answers what a returning client missed on one of
   * its addresses: {@code {address, after}} to {@code {events: [{event, payload}], complete}}.
   */
  public static String catchUp(String family) {
    return "sb.catch-up." + family;
  }

  /** Cluster-wide channel of a room: each node subscribes at most once, for its local sessions. */
  public static String roomChannel(String roomAddress) {
    return "sb.room." + roomAddress;
  }

  public static String chatRoom(String roomId) {
    return CHAT_FAMILY + ":" + roomId;
  }

  public static String ticketRoom(String ticketId) {
    return SUPPORT_FAMILY + ":" + ticketId;
  }

  /** The ticket id of a {@link #ticketRoom}. */
  public static String ticketIdOf(String ticketRoom) {
    return ticketRoom.substring(SUPPORT_FAMILY.length() + 1);
  }

  public static String department(String departmentId) {
    return DEPARTMENT_FAMILY + ":" + departmentId;
  }

  /** Where the store of node {@code nodeId} takes appends to the rooms it owns, from other nodes. */
  public static String storeOwnerAppend(String nodeId) {
    return STORE_OWNER_APPEND + nodeId;
  }

  /** Where the store of node {@code nodeId} takes changes of the rooms it owns, from other nodes. */
  public static String storeOwnerUpdateRoom(String nodeId) {
    return STORE_OWNER_UPDATE_ROOM + nodeId;
  }

  public static String user(String userId) {
    return USER_FAMILY + ":" + userId;
  }

  /** A chat room's or a ticket's address, as opposed to a channel such as the presence or agents one. */
  public static boolean isConversation(String address) {
    return (address.startsWith(CHAT_FAMILY + ":") || address.startsWith(SUPPORT_FAMILY + ":")) && !isChannel(address);
  }

  /** The presence and agents channels, which share their families' prefixes with rooms and tickets. */
  public static boolean isChannel(String address) {
    return address.equals(CHAT_PRESENCE) || address.equals(SUPPORT_AGENTS);
  }

  /** Cluster-wide: one event for many rooms (say, the personal addresses of a room's members) in one message. */
  public static final String ROOMS_MULTICAST = "sb.rooms.multicast";

  /** Tells the node's session registry to drop one session from one room (local). */
  public static final String SESSIONS_LEAVE = "sb.sessions.leave";

  /** Published node-locally when a session opens, with its principal in the headers. */
  public static final String SESSIONS_OPENED = "sb.sessions.opened";

  /** Published node-locally when a session closes, so domains can forget it. */
  public static final String SESSIONS_CLOSED = "sb.sessions.closed";

  /** Answered node-locally by the session registry: its session count and conversation rooms. */
  public static final String SESSIONS_SNAPSHOT = "sb.sessions.snapshot";

  /** Answered node-locally by the session registry: whether any session here is in the room named in the body. */
  public static final String SESSIONS_LISTENING = "sb.sessions.listening";

  /** Published cluster-wide: every node closes the sessions of the user named in the body. */
  public static final String SESSIONS_KICK = "sb.sessions.kick";

  /** The nodes' presence heartbeats and changes, cluster-wide. */
  public static final String PRESENCE_CLUSTER = "sb.presence.cluster";
  /** Published node-locally when a user comes online or goes offline (as this node sees the cluster). */
  public static final String PRESENCE_CHANGED = "sb.presence.changed";
  public static final String PRESENCE_USER = "sb.presence.user";
  public static final String PRESENCE_STATS = "sb.presence.stats";
  public static final String PRESENCE_DISCONNECT_USER = "sb.presence.disconnect-user";

  public static final String NOTIFICATIONS_SEND = "sb.notifications.send";

  public static final String CHAT_CREATE_ROOM = "sb.chat.create-room";
  public static final String CHAT_HISTORY = "sb.chat.history";
  public static final String CHAT_UPDATE_ROOM = "sb.chat.update-room";

  public static final String SUPPORT_CREATE_TICKET = "sb.support.create";
  public static final String SUPPORT_LIST_TICKETS = "sb.support.list";
  public static final String SUPPORT_GET_TICKET = "sb.support.get";
  public static final String SUPPORT_TICKET_MESSAGES = "sb.support.messages";
  public static final String SUPPORT_TICKET_COUNTS = "sb.support.counts";
  public static final String SUPPORT_AGENT_STATUSES = "sb.support.agent-statuses";
  /** The agents assigned to the tickets the caller may see: whose presence a customer may see. */
  public static final String SUPPORT_AGENTS_OF = "sb.support.agents-of";
  /** Opens a ticket for a customer of an external channel (from the channels, never from a client). */
  public static final String SUPPORT_OPEN_EXTERNAL = "sb.support.open-external";

  public static final String CHANNELS_CREATE = "sb.channels.create";
  public static final String CHANNELS_LIST = "sb.channels.list";
  public static final String CHANNELS_DELETE = "sb.channels.delete";

  public static final String STORE_CREATE_ROOM = "sb.store.room.create";
  public static final String STORE_FIND_ROOM = "sb.store.room.find";
  public static final String STORE_ROOM_LAST_SEQ = "sb.store.room.last-seq";
  public static final String STORE_UPDATE_ROOM = "sb.store.room.update";
  public static final String STORE_APPEND_MESSAGE = "sb.store.message.append";
  private static final String STORE_OWNER_APPEND = "sb.store.owner.message.append.";
  private static final String STORE_OWNER_UPDATE_ROOM = "sb.store.owner.room.update.";
  public static final String STORE_MESSAGES = "sb.store.message.range";
  public static final String STORE_PING = "sb.store.ping";
  /** Answered once the store has no request in flight (a draining node waits for it). */
  public static final String STORE_QUIESCE = "sb.store.quiesce";
  public static final String STORE_TICKET_CREATE = "sb.store.ticket.create";
  public static final String STORE_TICKET_FIND = "sb.store.ticket.find";
  public static final String STORE_TICKET_LIST = "sb.store.ticket.list";
  public static final String STORE_TICKET_UPDATE = "sb.store.ticket.update";
  public static final String STORE_TICKET_COUNTS = "sb.store.ticket.counts";
  public static final String STORE_TICKET_APPEND = "sb.store.ticket.append";
  public static final String STORE_TICKET_MESSAGES = "sb.store.ticket.messages";
  public static final String STORE_NOTIFICATIONS_CREATE = "sb.store.notifications.create";
  public static final String STORE_NOTIFICATIONS_UNREAD = "sb.store.notifications.unread";
  public static final String STORE_NOTIFICATIONS_LIST = "sb.store.notifications.list";
  public static final String STORE_CONVERSATIONS_LIST = "sb.store.conversations.list";
  public static final String STORE_CONVERSATIONS_MARK_READ = "sb.store.conversations.mark-read";
  public static final String STORE_CHANNEL_CREATE = "sb.store.channel.create";
  public static final String STORE_CHANNEL_LIST = "sb.store.channel.list";
  public static final String STORE_CHANNEL_FIND = "sb.store.channel.find";
  public static final String STORE_CHANNEL_DELETE = "sb.store.channel.delete";
  public static final String STORE_EXTERNAL_CUSTOMER = "sb.store.channel.customer";
  public static final String STORE_EXTERNAL_TICKET = "sb.store.channel.customer-ticket";
  public static final String STORE_OUTBOX_CLAIM = "sb.store.outbox.claim";
  public static final String STORE_OUTBOX_SETTLE = "sb.store.outbox.settle";
  /** With {@code ids}: those; without: all the user's unread ones. */
  public static final String STORE_NOTIFICATIONS_MARK_READ = "sb.store.notifications.mark-read";
  /** Socket.IO connection state recovery's records, by private id. */
  public static final String STORE_RECOVERY_KEEP = "sb.store.recovery.keep";
  public static final String STORE_RECOVERY_TAKE = "sb.store.recovery.take";
  public static final String STORE_RECOVERY_FORGET = "sb.store.recovery.forget";

  // --- Headers on internal messages.
  /** The event name a client sees in a delivered message's headers. */
  public static final String HEADER_EVENT = "event";
  public static final String HEADER_SESSION = "sb-session";

  private Addresses() {
  }
}
