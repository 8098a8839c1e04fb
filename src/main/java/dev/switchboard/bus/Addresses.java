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

  /** Addresses a client may {@code send} or {@code publish} to. */
  public static final Set<String> INBOUND = Set.of(CHAT_JOIN, CHAT_LEAVE, CHAT_MESSAGE, CHAT_TYPING, CHAT_SET_STATUS);

  // --- Internal, node-local request handlers.
  /** Where the domain handles a client's {@code send} to {@code clientAddress}. */
  public static String inbound(String clientAddress) {
    return "sb.in." + clientAddress;
  }

  /** Where the domain that owns an address family decides who may register on its addresses. */
  public static String authorizer(String family) {
    return "sb.authorize." + family;
  }

  /** Cluster-wide channel of a room: each node subscribes at most once, for its local sessions. */
  public static String roomChannel(String roomAddress) {
    return "sb.room." + roomAddress;
  }

  public static String chatRoom(String roomId) {
    return CHAT_FAMILY + ":" + roomId;
  }

  /** Tells the node's session registry to drop one session from one room (local). */
  public static final String SESSIONS_LEAVE = "sb.sessions.leave";

  public static final String CHAT_CREATE_ROOM = "sb.chat.create-room";
  public static final String CHAT_HISTORY = "sb.chat.history";

  public static final String STORE_CREATE_ROOM = "sb.store.room.create";
  public static final String STORE_FIND_ROOM = "sb.store.room.find";
  public static final String STORE_APPEND_MESSAGE = "sb.store.message.append";
  public static final String STORE_MESSAGES_BEFORE = "sb.store.message.before";
  public static final String STORE_PING = "sb.store.ping";

  // --- Headers on internal messages.
  /** The event name a client sees in a delivered message's headers. */
  public static final String HEADER_EVENT = "event";
  public static final String HEADER_SESSION = "sb-session";

  private Addresses() {
  }
}
