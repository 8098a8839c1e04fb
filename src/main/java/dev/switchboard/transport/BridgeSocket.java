package dev.switchboard.transport;

/** The connection under a bridge session: a raw WebSocket channel, with or without SockJS's envelope, or a vertx-web SockJS socket. */
public interface BridgeSocket {

  /** Writes one text frame. */
  void write(String frame);

  /** Whether the peer is not reading and the outbound buffer is past its high-water mark. */
  boolean writeQueueFull();

  /** Closes with a close code and a reason the client can read. */
  void close(int code, String reason);

  /**
   * Tells the client, and any proxy on the way, that the connection is alive. Only SockJS's
   * envelope on a WebSocket needs it from here: vertx-web beats its own sessions, and raw clients ping.
   */
  default void heartbeat() {
  }
}
