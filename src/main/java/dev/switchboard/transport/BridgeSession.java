package dev.switchboard.transport;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.rooms.FrameEncoder;
import dev.switchboard.rooms.Session;
import io.vertx.core.Future;

/** A SockJS (or raw WebSocket) connection speaking the bridge protocol. */
final class BridgeSession implements Session {
  /** SockJS close code for a peer that reads too slowly (application range). */
  static final int CLOSE_SLOW_CONSUMER = 4008;
  static final int CLOSE_IDLE = 4000;
  static final int CLOSE_TOKEN_EXPIRED = 4001;
  static final int CLOSE_KICKED = 4003;
  /** WebSocket "Service Restart": the stock client, with reconnect enabled, reconnects (to another node). */
  static final int CLOSE_DRAINING = 1012;

  private final String id;
  private final Principal principal;
  private final BridgeSocket socket;
  private final GatewayMetrics metrics;
  /** The SockJS session id from the URL, or null on the raw WebSocket endpoint. */
  private final String sockJsId;
  private final long expiresAt;
  /** Frames after a {@code register} wait for it, so a client's order of operations holds. */
  private Future<?> barrier = Future.succeededFuture();
  private long lastSeen;
  /** Set by the first close: a slow consumer stays slow until its channel closes, and must be counted once. */
  private boolean closed;

  BridgeSession(String id, VerifiedToken token, BridgeSocket socket, String sockJsId, GatewayMetrics metrics, long now) {
    this.metrics = metrics;
    this.id = id;
    this.principal = token.principal();
    this.expiresAt = token.expiresAtMillis();
    this.socket = socket;
    this.sockJsId = sockJsId;
    this.lastSeen = now;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public Principal principal() {
    return principal;
  }

  @Override
  public FrameEncoder encoder() {
    return BridgeFrames.ROOM_EVENTS;
  }

  @Override
  public void write(String frame) {
    if (closed) {
      return;
    }
    if (socket.writeQueueFull()) {
      close(CLOSE_SLOW_CONSUMER, "slow_consumer", "SLOW_CONSUMER: the client does not read fast enough");
      return;
    }
    socket.write(frame);
  }

  /** Closes the session, counted under {@code metricReason} (one of a fixed few). */
  void close(int code, String metricReason, String reason) {
    if (closed) {
      return;
    }
    closed = true;
    metrics.closed(metricReason);
    socket.close(code, reason);
  }

  void heartbeat() {
    socket.heartbeat();
  }

  /** {@code websocket} for the raw endpoint, {@code sockjs} for any SockJS transport. */
  String transport() {
    return sockJsId == null ? "websocket" : "sockjs";
  }

  void seen(long now) {
    lastSeen = now;
  }

  boolean idleSince(long deadline) {
    return lastSeen < deadline;
  }

  boolean expiredAt(long now) {
    return expiresAt <= now;
  }

  String sockJsId() {
    return sockJsId;
  }

  Future<?> barrier() {
    return barrier;
  }

  void barrier(Future<?> next) {
    barrier = next;
  }
}
