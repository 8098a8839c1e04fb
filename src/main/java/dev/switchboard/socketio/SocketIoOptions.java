package dev.switchboard.socketio;

import java.util.List;

/** Engine.IO and Socket.IO settings; the defaults are socket.io's. */
public final class SocketIoOptions {
  private long pingIntervalMs = 25_000;
  private long pingTimeoutMs = 20_000;
  private int maxPayloadBytes = 1_000_000;
  private long connectTimeoutMs = 45_000;
  private long upgradeTimeoutMs = 10_000;
  private int maxAttachments = 10;
  private List<String> corsOrigins = List.of();

  public long pingIntervalMs() {
    return pingIntervalMs;
  }

  /** How long after the last pong the server pings. */
  public SocketIoOptions pingIntervalMs(long value) {
    this.pingIntervalMs = positive(value, "pingIntervalMs");
    return this;
  }

  public long pingTimeoutMs() {
    return pingTimeoutMs;
  }

  /** How long the client has to answer a ping before the connection closes ("ping timeout"). */
  public SocketIoOptions pingTimeoutMs(long value) {
    this.pingTimeoutMs = positive(value, "pingTimeoutMs");
    return this;
  }

  public int maxPayloadBytes() {
    return maxPayloadBytes;
  }

  /** The largest WebSocket message or polling POST body; announced in the handshake. */
  public SocketIoOptions maxPayloadBytes(int value) {
    this.maxPayloadBytes = (int) positive(value, "maxPayloadBytes");
    return this;
  }

  public long connectTimeoutMs() {
    return connectTimeoutMs;
  }

  /** How long a new connection may go without joining a namespace. */
  public SocketIoOptions connectTimeoutMs(long value) {
    this.connectTimeoutMs = positive(value, "connectTimeoutMs");
    return this;
  }

  public long upgradeTimeoutMs() {
    return upgradeTimeoutMs;
  }

  /** How long a polling connection's WebSocket probe has to complete the upgrade. */
  public SocketIoOptions upgradeTimeoutMs(long value) {
    this.upgradeTimeoutMs = positive(value, "upgradeTimeoutMs");
    return this;
  }

  public int maxAttachments() {
    return maxAttachments;
  }

  /** The most binary attachments one packet may announce; more is a protocol error. */
  public SocketIoOptions maxAttachments(int value) {
    if (value < 0) {
      throw new IllegalArgumentException("maxAttachments must not be negative");
    }
    this.maxAttachments = value;
    return this;
  }

  public List<String> corsOrigins() {
    return corsOrigins;
  }

  /**
   * Origins allowed cross-origin, with credentials; "*" allows any other origin without
   * credentials. Empty: no CORS headers at all.
   */
  public SocketIoOptions corsOrigins(List<String> origins) {
    this.corsOrigins = List.copyOf(origins);
    return this;
  }

  private static long positive(long value, String name) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive");
    }
    return value;
  }
}
