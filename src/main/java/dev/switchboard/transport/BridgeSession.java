package dev.switchboard.transport;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.core.CloseReason;
import dev.switchboard.core.HubSession;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.rooms.FrameEncoder;

import io.vertx.core.Future;

/**
 * A SockJS (or raw WebSocket) connection speaking the bridge protocol. It closes with the
 * reason's WebSocket code and {@code CODE: text}: with reconnect enabled the stock client comes
 * back after 1012 (a drain), to another node.
 */
final class BridgeSession implements HubSession {

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
      close(CloseReason.SLOW_CONSUMER);
      return;
    }
    socket.write(frame);
  }

  /** The {@code err} frame a refused register gets, on the address: the stock client hands it to that handler. */
  @Override
  public void revoked(String address, GatewayException why) {
    write(BridgeFrames.error(address, why));
  }

  @Override
  public void close(CloseReason reason) {
    if (closed) {
      return;
    }
    closed = true;
    metrics.closed(reason.metricLabel());
    socket.close(reason.websocketCode(), reason.wireMessage());
  }

  void heartbeat() {
    socket.heartbeat();
  }

  /** {@code websocket} for the raw endpoint, {@code sockjs} for any SockJS transport. */
  @Override
  public String transport() {
    return sockJsId == null ? "websocket" : "sockjs";
  }

  void seen(long now) {
    lastSeen = now;
  }

  @Override
  public boolean idleSince(long deadline) {
    return lastSeen < deadline;
  }

  @Override
  public long expiresAt() {
    return expiresAt;
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
