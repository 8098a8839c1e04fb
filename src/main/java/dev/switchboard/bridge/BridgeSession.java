package dev.switchboard.bridge;

import dev.switchboard.transport.BridgeSocket;
import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.core.CloseReason;
import dev.switchboard.core.ProtocolSession;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.fanout.FrameEncoder;


/**
 * A SockJS (or raw WebSocket) connection speaking the bridge protocol. It closes with the
 * reason's WebSocket code and {@code CODE: text}: with reconnect enabled the stock client comes
 * back after 1012 (a drain), to another node.
 */
final class BridgeSession extends ProtocolSession {

  private final String id;
  private final BridgeSocket socket;
  /** The SockJS session id from the URL, or null on the raw WebSocket endpoint. */
  private final String sockJsId;

  BridgeSession(String id, VerifiedToken token, BridgeSocket socket, String sockJsId, GatewayMetrics metrics, long now) {
    super(token, metrics, now);
    this.id = id;
    this.socket = socket;
    this.sockJsId = sockJsId;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public FrameEncoder encoder() {
    return BridgeFrames.ROOM_EVENTS;
  }

  @Override
  protected boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  protected void send(String frame) {
    socket.write(frame);
  }

  /** The {@code err} frame a refused register gets, on the address: the stock client hands it to that handler. */
  @Override
  public void revoked(String address, GatewayException why) {
    write(BridgeFrames.error(address, why));
  }

  @Override
  protected void end(CloseReason reason) {
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

  String sockJsId() {
    return sockJsId;
  }
}
