package dev.switchboard.conversations;

import dev.switchboard.support.TicketScope;
import io.vertx.core.Future;

import java.util.List;

/**
 * Conversation lists and read cursors. A cursor is one small document per user and conversation,
 * written when the user marks, never per message; unread counts are counted from the messages.
 */
public interface ConversationStore {

  /** A conversation kind: its messages live under a chat room or under a ticket. */
  enum Kind { ROOM, TICKET }

  /**
   * The user's active rooms and the tickets in {@code tickets}' scope, newest first, at most
   * {@code limit}. Internal notes count and show only if {@code includeInternal}.
   */
  Future<List<Conversation>> list(String userId, TicketScope tickets, boolean includeInternal, int limit);

  /** Moves the user's cursor in the conversation up to {@code seq}, never back. */
  Future<ReadMark> markRead(String userId, Kind kind, String id, long seq, boolean includeInternal);
}
