package dev.switchboard.transport;

import dev.switchboard.auth.Principal;
import dev.switchboard.rooms.FrameEncoder;
import dev.switchboard.rooms.Session;
import io.vertx.core.Future;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/** A SockJS (or raw WebSocket) connection speaking the bridge protocol. */
final class BridgeSession implements Session {
  /** SockJS close code for a peer that reads too slowly (application range). */
  static final int CLOSE_SLOW_CONSUMER = 4008;
  static final int CLOSE_IDLE = 4000;

  private final String id;
  private final Principal principal;
  private final SockJSSocket socket;
  /** Frames after a {@code register} wait for it, so a client's order of operations holds. */
  private Future<?> barrier = Future.succeededFuture();
  private long lastSeen;

  BridgeSession(String id, Principal principal, SockJSSocket socket, long now) {
    this.id = id;
    this.principal = principal;
    this.socket = socket;
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
    if (socket.writeQueueFull()) {
      socket.close(CLOSE_SLOW_CONSUMER, "SLOW_CONSUMER: the client does not read fast enough");
      return;
    }
    socket.write(frame);
  }

  void close(int code, String reason) {
    socket.close(code, reason);
  }

  void seen(long now) {
    lastSeen = now;
  }

  boolean idleSince(long deadline) {
    return lastSeen < deadline;
  }

  Future<?> barrier() {
    return barrier;
  }

  void barrier(Future<?> next) {
    barrier = next;
  }
}
