package dev.switchboard.bridge;

import dev.switchboard.transport.BridgeSocket;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;

/** A session on one of SockJS's transports (its WebSocket, XHR streaming or polling, ...). */
record SockJsBridgeSocket(SockJSSocket socket) implements BridgeSocket {

  @Override
  public void write(String frame) {
    socket.write(frame);
  }

  @Override
  public boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  public void close(int code, String reason) {
    socket.close(code, reason);
  }
}
