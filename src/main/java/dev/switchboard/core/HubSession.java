package dev.switchboard.core;

import dev.switchboard.fanout.Session;

/** A session as the node's {@link SessionHub} keeps it, whatever protocol it speaks. */
public interface HubSession extends Session {

  /** The label of the {@code switchboard_sessions} gauge: {@code sockjs}, {@code websocket}, {@code socketio} or {@code wsjson}. */
  String transport();

  /** When the session's token expires, in epoch milliseconds. */
  long expiresAt();

  /**
   * Whether nothing was heard from the client since {@code deadline}. Protocols with a heartbeat of
   * their own (Engine.IO's pings) answer false and close dead connections themselves.
   */
  boolean idleSince(long deadline);

  /** Ends the session for this reason, in the protocol's form; a second close does nothing. */
  void close(CloseReason reason);
}
