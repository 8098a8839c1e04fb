package dev.switchboard.wsjson;

import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.core.CloseReason;
import dev.switchboard.core.ProtocolSession;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.fanout.FrameEncoder;
import dev.switchboard.transport.RawWebSocket;

/**
 * One socket of a plain WebSocket JSON endpoint (seed 001), as the node's hub keeps it. Any frame
 * and any WebSocket ping from the client is a sign of life. A close that means "sign in again" (an
 * expired token, a kick) is {@link #POLICY_VIOLATION}, the code seed 001's client sends to its login
 * page; the others keep their codes, on which it reconnects.
 */
final class WsJsonSession extends ProtocolSession {
  /** RFC 6455's "policy violation": seed 001's client takes it as "authentication failed". */
  static final int POLICY_VIOLATION = 1008;

  private final String id;
  private final RawWebSocket socket;
  private final Endpoint endpoint;
  /** The chat socket's conversation once it is open; null on the conversations endpoint. */
  private ConversationKind.Conversation conversation;

  WsJsonSession(String id, VerifiedToken token, RawWebSocket socket, Endpoint endpoint, GatewayMetrics metrics, long now) {
    super(token, metrics, now);
    this.id = id;
    this.socket = socket;
    this.endpoint = endpoint;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public FrameEncoder encoder() {
    return endpoint.encoder();
  }

  Endpoint endpoint() {
    return endpoint;
  }

  @Override
  protected boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  protected void send(String frame) {
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
  protected void end(CloseReason reason) {
    boolean signInAgain = reason == CloseReason.TOKEN_EXPIRED || reason == CloseReason.KICKED;
    socket.close(signInAgain ? POLICY_VIOLATION : reason.websocketCode(), reason.wireMessage());
  }

  /** Ends the socket without a {@link CloseReason}: an open that failed (see {@link WsJsonGateway}). */
  void refuse(int code, String reason) {
    ended();
    socket.close(code, reason);
  }

  @Override
  public String transport() {
    return WsJsonGateway.TRANSPORT;
  }

  ConversationKind.Conversation conversation() {
    return conversation;
  }

  void conversation(ConversationKind.Conversation conversation) {
    this.conversation = conversation;
  }
}
