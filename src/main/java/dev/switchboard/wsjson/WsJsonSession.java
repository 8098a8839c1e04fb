package dev.switchboard.wsjson;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.core.CloseReason;
import dev.switchboard.core.HubSession;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.rooms.FrameEncoder;
import dev.switchboard.transport.RawWebSocket;
import io.vertx.core.Future;

/**
 * One socket of a plain WebSocket JSON endpoint (seed 001), as the node's hub keeps it. Any frame
 * and any WebSocket ping from the client is a sign of life. A close that means "sign in again" (an
 * expired token, a kick) is {@link #POLICY_VIOLATION}, the code seed 001's client sends to its login
 * page; the others keep their codes, on which it reconnects.
 */
final class WsJsonSession implements HubSession {
  /** RFC 6455's "policy violation": seed 001's client takes it as "authentication failed". */
  static final int POLICY_VIOLATION = 1008;

  private final String id;
  private final Principal principal;
  private final long expiresAt;
  private final RawWebSocket socket;
  private final Endpoint endpoint;
  private final GatewayMetrics metrics;
  /** Frames wait for the open (a chat's join) and for each other, so a client's order holds. */
  private Future<?> barrier = Future.succeededFuture();
  private long lastSeen;
  private boolean closed;
  /** The chat socket's conversation once it is open; null on the conversations endpoint. */
  private ConversationKind.Conversation conversation;

  WsJsonSession(String id, VerifiedToken token, RawWebSocket socket, Endpoint endpoint, GatewayMetrics metrics, long now) {
    this.id = id;
    this.principal = token.principal();
    this.expiresAt = token.expiresAtMillis();
    this.socket = socket;
    this.endpoint = endpoint;
    this.metrics = metrics;
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
    return endpoint.encoder();
  }

  Endpoint endpoint() {
    return endpoint;
  }

  /** A frame of the endpoint's encoder; null where seed 001 has no such event. */
  @Override
  public void write(String frame) {
    if (closed || frame == null) {
      return;
    }
    if (socket.writeQueueFull()) {
      close(CloseReason.SLOW_CONSUMER);
      return;
    }
    socket.write(frame);
  }

  /**
   * An {@code error} event naming what the socket no longer hears, and on a chat socket the end: the
   * conversation was all it was for. A conversations socket keeps its user's own news.
   */
  @Override
  public void revoked(String address, GatewayException why) {
    write(Fiko.error(why).put("address", address).encode());
    if (conversation != null && conversation.address().equals(address)) {
      refuse(WsJsonGateway.refusedCode(why), WsJsonGateway.closeReason(why));
    }
  }

  @Override
  public void close(CloseReason reason) {
    if (closed) {
      return;
    }
    closed = true;
    metrics.closed(reason.metricLabel());
    boolean signInAgain = reason == CloseReason.TOKEN_EXPIRED || reason == CloseReason.KICKED;
    socket.close(signInAgain ? POLICY_VIOLATION : reason.websocketCode(), reason.wireMessage());
  }

  /** Ends the socket without a {@link CloseReason}: an open that failed (see {@link WsJsonGateway}). */
  void refuse(int code, String reason) {
    closed = true;
    socket.close(code, reason);
  }

  @Override
  public String transport() {
    return WsJsonGateway.TRANSPORT;
  }

  @Override
  public long expiresAt() {
    return expiresAt;
  }

  void seen(long now) {
    lastSeen = now;
  }

  @Override
  public boolean idleSince(long deadline) {
    return lastSeen < deadline;
  }

  ConversationKind.Conversation conversation() {
    return conversation;
  }

  void conversation(ConversationKind.Conversation conversation) {
    this.conversation = conversation;
  }

  Future<?> barrier() {
    return barrier;
  }

  void barrier(Future<?> next) {
    barrier = next;
  }
}
