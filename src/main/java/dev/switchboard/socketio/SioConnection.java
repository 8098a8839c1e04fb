package dev.switchboard.socketio;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The Socket.IO side of one Engine.IO connection: decodes its packets, puts binary ones together
 * with their attachments, and routes them to the namespace sockets. A connection that joins no
 * namespace within connectTimeout is closed.
 */
final class SioConnection implements EngineSocket.Listener {
  private static final long NO_TIMER = -1;
  private static final JsonObject INVALID_NAMESPACE = new JsonObject().put("message", "Invalid namespace");
  private static final NamespaceSocket[] NONE = {};

  private final SocketIoServer server;
  private final EngineSocket engine;
  /**
   * Its namespace sockets, joined or being joined: nearly always one, and at most one per namespace
   * the server has, so an array searched by name (a map of one entry costs 100 bytes per connection).
   * Replaced, never changed in place: a loop over it is safe from what its sockets' handlers do.
   */
  private NamespaceSocket[] sockets = NONE;
  private long connectTimer = NO_TIMER;
  /** A binary packet waiting for its attachments, or null. */
  private SocketIoPacket partial;
  private List<Buffer> attachments;

  SioConnection(SocketIoServer server, EngineSocket engine) {
    this.server = server;
    this.engine = engine;
  }

  void start() {
    engine.listener(this);
    connectTimer = server.vertx().setTimer(server.options().connectTimeoutMs(), timer -> onConnectTimeout());
  }

  EngineSocket engine() {
    return engine;
  }

  /** Writes a packet: its text as an Engine.IO message, then its attachments as binary messages. */
  void write(SocketIoPacket.Encoded packet) {
    engine.send(packet.text());
    packet.attachments().forEach(engine::sendBinary);
  }

  void remove(NamespaceSocket socket) {
    for (int i = 0; i < sockets.length; i++) {
      if (sockets[i] == socket) {
        NamespaceSocket[] fewer = Arrays.copyOf(sockets, sockets.length - 1);
        System.arraycopy(sockets, i + 1, fewer, i, fewer.length - i);
        sockets = fewer;
        return;
      }
    }
  }

  private NamespaceSocket socket(String namespace) {
    for (NamespaceSocket socket : sockets) {
      if (socket.namespace().equals(namespace)) {
        return socket;
      }
    }
    return null;
  }

  void connected() {
    server.vertx().cancelTimer(connectTimer);
    connectTimer = NO_TIMER;
  }

  /** Every namespace socket leaves with DISCONNECT, then the connection closes. */
  void disconnectAll() {
    for (NamespaceSocket socket : sockets) {
      socket.disconnect(false);
    }
    engine.close();
  }

  @Override
  public void onHeartbeat(boolean answered) {
    for (NamespaceSocket socket : sockets) {
      socket.heartbeat(answered);
    }
  }

  @Override
  public void onMessage(String text) {
    try {
      if (partial != null) {
        throw new ProtocolViolation("a text packet while a binary one waits for its attachments");
      }
      SocketIoPacket packet = SocketIoPacket.decode(text, server.options().maxAttachments());
      if (packet.attachments() > 0) {
        partial = packet;
        attachments = new ArrayList<>(packet.attachments());
      } else {
        dispatch(packet, List.of());
      }
    } catch (ProtocolViolation e) {
      engine.close(DisconnectReason.PARSE_ERROR);
    }
  }

  @Override
  public void onBinary(Buffer data) {
    try {
      if (partial == null) {
        throw new ProtocolViolation("an attachment with no binary packet");
      }
      attachments.add(data);
      if (attachments.size() == partial.attachments()) {
        SocketIoPacket packet = partial;
        List<Buffer> complete = attachments;
        partial = null;
        attachments = null;
        dispatch(packet, complete);
      }
    } catch (ProtocolViolation e) {
      engine.close(DisconnectReason.PARSE_ERROR);
    }
  }

  private void dispatch(SocketIoPacket packet, List<Buffer> buffers) {
    Object data = packet.type().isBinary() ? SocketIoPacket.reconstruct(packet.data(), buffers) : packet.data();
    NamespaceSocket socket = socket(packet.namespace());
    switch (packet.type()) {
      case CONNECT -> connect(packet.namespace(), data == null ? new JsonObject() : (JsonObject) data);
      case DISCONNECT -> {
        if (socket != null) {
          remove(socket);
          socket.closed(DisconnectReason.CLIENT_NAMESPACE_DISCONNECT);
        }
      }
      case EVENT, BINARY_EVENT -> {
        if (socket != null) {
          socket.onEvent((JsonArray) data, packet.ackId());
        }
      }
      case ACK, BINARY_ACK -> {
        if (socket != null && packet.ackId() != SocketIoPacket.NO_ACK) {
          socket.onAck(packet.ackId(), data == null ? new JsonArray() : (JsonArray) data);
        }
      }
      // only servers send CONNECT_ERROR
      default -> { }
    }
  }

  private void connect(String namespace, JsonObject auth) {
    NamespaceHandler handler = server.handler(namespace);
    if (handler == null) {
      write(SocketIoPacket.encode(SocketIoPacket.Type.CONNECT_ERROR, namespace, SocketIoPacket.NO_ACK, INVALID_NAMESPACE));
      return;
    }
    if (socket(namespace) != null) {
      // the namespace is joined or being joined: a repeated CONNECT changes nothing
      return;
    }
    NamespaceSocket socket = new NamespaceSocket(this, namespace, SessionIds.randomId());
    sockets = Arrays.copyOf(sockets, sockets.length + 1);
    sockets[sockets.length - 1] = socket;
    Future<JsonObject> answer;
    try {
      answer = handler.connect(socket, auth);
    } catch (RuntimeException e) {
      answer = Future.failedFuture(e);
    }
    answer.onComplete(result -> onConnectAnswer(socket, result));
  }

  private void onConnectAnswer(NamespaceSocket socket, AsyncResult<JsonObject> result) {
    if (result.failed()) {
      remove(socket);
      if (socket.refused()) {
        Throwable failure = result.cause();
        JsonObject error = new JsonObject().put("message", String.valueOf(failure.getMessage()));
        if (failure instanceof SocketIoRefusal refusal && refusal.data() != null) {
          error.put("data", refusal.data());
        }
        write(SocketIoPacket.encode(SocketIoPacket.Type.CONNECT_ERROR, socket.namespace(), SocketIoPacket.NO_ACK, error));
      }
      return;
    }
    socket.accepted(result.result());
  }

  private void onConnectTimeout() {
    connectTimer = NO_TIMER;
    if (Arrays.stream(sockets).noneMatch(NamespaceSocket::isConnected)) {
      engine.close();
    }
  }

  @Override
  public void onClose(String reason) {
    server.vertx().cancelTimer(connectTimer);
    NamespaceSocket[] all = sockets;
    sockets = NONE;
    for (NamespaceSocket socket : all) {
      socket.closed(reason);
    }
  }
}
