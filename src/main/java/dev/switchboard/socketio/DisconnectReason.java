package dev.switchboard.socketio;

/** The reasons a socket is told when it closes, named as socket.io names them. */
public final class DisconnectReason {
  /** The client closed the connection, or it was lost. */
  public static final String TRANSPORT_CLOSE = "transport close";
  /** The transport failed: overlapping polling requests, a poll dropped early, an oversized body. */
  public static final String TRANSPORT_ERROR = "transport error";
  /** The client did not answer a ping within pingTimeout. */
  public static final String PING_TIMEOUT = "ping timeout";
  /** The client sent something that breaks the protocol. */
  public static final String PARSE_ERROR = "parse error";
  /** The server closed the connection. */
  public static final String FORCED_CLOSE = "forced close";
  /** The server is stopping. */
  public static final String SERVER_SHUTTING_DOWN = "server shutting down";
  /** The server disconnected the socket from its namespace. */
  public static final String SERVER_NAMESPACE_DISCONNECT = "server namespace disconnect";
  /** The client left the namespace. */
  public static final String CLIENT_NAMESPACE_DISCONNECT = "client namespace disconnect";

  private DisconnectReason() {
  }

  /** Closes the server asked for itself: what was written before them is still delivered. */
  static boolean byServer(String reason) {
    return FORCED_CLOSE.equals(reason) || SERVER_SHUTTING_DOWN.equals(reason);
  }
}
