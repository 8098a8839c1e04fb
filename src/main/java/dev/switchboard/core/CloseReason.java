package dev.switchboard.core;

/**
 * Why the gateway ends a session, one list for every protocol. Each protocol says it in its own
 * form: a WebSocket close code and reason, SockJS's {@code c[code,reason]}, a Socket.IO
 * {@code error} event before the disconnect.
 */
public enum CloseReason {
  /** Nothing heard from the client within the ping timeout. */
  IDLE(4000, "idle", "IDLE", "no frame within the ping timeout"),
  /** The session's token reached its {@code exp}. */
  TOKEN_EXPIRED(4001, "token_expired", "AUTH_REQUIRED", "the token has expired; reconnect with a new one"),
  /** An admin disconnected the user everywhere. */
  KICKED(4003, "kicked", "KICKED", "disconnected by an administrator"),
  /** The client reads too slowly: its write queue is full. */
  SLOW_CONSUMER(4008, "slow_consumer", "SLOW_CONSUMER", "the client does not read fast enough"),
  /** WebSocket "Service Restart": clients reconnect, and the load balancer sends them to another node. */
  DRAINING(1012, "draining", "NODE_DRAINING", "reconnect to another node"),
  /** The node is stopping without a drain. */
  SHUTDOWN(1001, "stopped", "GOING_AWAY", "the node is shutting down");

  private final int websocketCode;
  private final String metricLabel;
  private final String code;
  private final String text;

  CloseReason(int websocketCode, String metricLabel, String code, String text) {
    this.websocketCode = websocketCode;
    this.metricLabel = metricLabel;
    this.code = code;
    this.text = text;
  }

  /** The close code on a WebSocket or in SockJS's close frame. */
  public int websocketCode() {
    return websocketCode;
  }

  /** The {@code reason} label of {@code switchboard_sessions_closed_total}. */
  public String metricLabel() {
    return metricLabel;
  }

  /** The code a client reads, as in docs/protocol.md. */
  public String code() {
    return code;
  }

  public String text() {
    return text;
  }

  /** {@code CODE: text}, the close reason on a WebSocket. */
  public String wireMessage() {
    return code + ": " + text;
  }

  /** Whether a client should come back by itself: true after a drain or a lost connection, false after a kick. */
  public boolean reconnect() {
    return this == DRAINING || this == SHUTDOWN || this == SLOW_CONSUMER || this == IDLE;
  }
}
