package dev.switchboard.transport;

/** The connection under a bridge session: a SockJS socket, or a raw WebSocket channel. */
interface BridgeSocket {

  /** Writes one text frame. */
  void write(String frame);

  /** Whether the peer is not reading and the outbound buffer is past its high-water mark. */
  boolean writeQueueFull();

  /** Closes with a close code and a reason the client can read. */
  void close(int code, String reason);
}
