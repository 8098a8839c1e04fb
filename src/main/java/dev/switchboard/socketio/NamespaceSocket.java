package dev.switchboard.socketio;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection's socket in one namespace. Until the namespace's handler accepts it, what it is
 * asked to write waits, and goes out right after the CONNECT reply.
 */
final class NamespaceSocket implements SioSocket {
  private enum State { CONNECTING, CONNECTED, CLOSED }

  private static final Listener IGNORED = new Listener() {
    @Override
    public void onEvent(String event, JsonArray args, SioAck ack) {
    }

    @Override
    public void onDisconnect(String reason) {
    }
  };

  private final SioConnection connection;
  /** The connection's engine, one hop nearer: each room event is written through here. */
  private final EngineSocket engine;
  private final String namespace;
  private final String id;
  private State state = State.CONNECTING;
  /** While connecting: packets written before the CONNECT reply, or null. */
  private List<SocketIoPacket.Encoded> early;
  /** Why the socket closed while its handler was still deciding, or null. */
  private String closedWhileConnecting;
  private Listener listener = IGNORED;
  /** Callbacks for this server's events the client has yet to acknowledge, or null. */
  private Map<Long, Handler<JsonArray>> pendingAcks;
  private long nextAckId;

  NamespaceSocket(SioConnection connection, String namespace, String id) {
    this.connection = connection;
    this.engine = connection.engine();
    this.namespace = namespace;
    this.id = id;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public String namespace() {
    return namespace;
  }

  @Override
  public SioHandshake handshake() {
    return engine.handshake();
  }

  @Override
  public String transport() {
    return engine.transport();
  }

  @Override
  public SioSocket listener(Listener listener) {
    this.listener = listener;
    return this;
  }

  void heartbeat(boolean answered) {
    if (state == State.CONNECTED) {
      listener.onHeartbeat(answered);
    }
  }

  @Override
  public void drop() {
    engine.close();
  }

  @Override
  public void emit(String event, Object... args) {
    write(SocketIoPacket.encode(SocketIoPacket.Type.EVENT, namespace, SocketIoPacket.NO_ACK, event(event, args)));
  }

  @Override
  public void emitWithAck(String event, Handler<JsonArray> ackHandler, Object... args) {
    if (state == State.CLOSED) {
      return;
    }
    long ackId = nextAckId++;
    if (pendingAcks == null) {
      pendingAcks = new HashMap<>();
    }
    pendingAcks.put(ackId, ackHandler);
    write(SocketIoPacket.encode(SocketIoPacket.Type.EVENT, namespace, ackId, event(event, args)));
  }

  @Override
  public void writeEncoded(String engineText) {
    if (state == State.CONNECTED) {
      engine.writeEncoded(engineText);
    } else if (state == State.CONNECTING) {
      // drop the Engine.IO message type: early packets are kept as Socket.IO texts
      early().add(new SocketIoPacket.Encoded(engineText.substring(1), List.of()));
    }
  }

  @Override
  public boolean writeQueueFull() {
    return engine.writeQueueFull();
  }

  @Override
  public void disconnect(boolean closeConnection) {
    if (closeConnection) {
      connection.disconnectAll();
      return;
    }
    if (state == State.CONNECTED) {
      write(SocketIoPacket.encode(SocketIoPacket.Type.DISCONNECT, namespace, SocketIoPacket.NO_ACK, null));
    }
    connection.remove(this);
    closed(DisconnectReason.SERVER_NAMESPACE_DISCONNECT);
  }

  boolean isConnected() {
    return state == State.CONNECTED;
  }

  /** Whether a refusal should still be sent: the socket is not closed meanwhile. */
  boolean refused() {
    boolean open = state == State.CONNECTING;
    state = State.CLOSED;
    early = null;
    return open;
  }

  /** The handler accepted: the CONNECT reply, then what was written meanwhile. */
  void accepted(JsonObject extra) {
    if (state == State.CLOSED) {
      // the client or the connection went while the handler decided: it learns that now
      listener.onDisconnect(closedWhileConnecting);
      return;
    }
    JsonObject reply = new JsonObject().put("sid", id);
    if (extra != null) {
      extra.forEach(field -> reply.put(field.getKey(), field.getValue()));
      reply.put("sid", id);
    }
    state = State.CONNECTED;
    connection.write(SocketIoPacket.encode(SocketIoPacket.Type.CONNECT, namespace, SocketIoPacket.NO_ACK, reply));
    connection.connected();
    if (early != null) {
      early.forEach(connection::write);
      early = null;
    }
  }

  void closed(String reason) {
    State was = state;
    state = State.CLOSED;
    pendingAcks = null;
    early = null;
    if (was == State.CONNECTED) {
      listener.onDisconnect(reason);
    } else if (was == State.CONNECTING) {
      closedWhileConnecting = reason;
    }
  }

  void onEvent(JsonArray data, long ackId) {
    if (state != State.CONNECTED) {
      return;
    }
    List<Object> rest = new ArrayList<>(data.size() - 1);
    for (int i = 1; i < data.size(); i++) {
      // raw values: a Buffer attachment must stay a Buffer, which getValue would turn into base64
      rest.add(data.getList().get(i));
    }
    JsonArray args = new JsonArray(rest);
    listener.onEvent(data.getString(0), args, ackId == SocketIoPacket.NO_ACK ? null : new Ack(ackId));
  }

  void onAck(long ackId, JsonArray args) {
    Handler<JsonArray> handler = pendingAcks == null ? null : pendingAcks.remove(ackId);
    if (handler != null) {
      handler.handle(args);
    }
  }

  private void write(SocketIoPacket.Encoded packet) {
    if (state == State.CONNECTED) {
      connection.write(packet);
    } else if (state == State.CONNECTING) {
      early().add(packet);
    }
  }

  private List<SocketIoPacket.Encoded> early() {
    if (early == null) {
      early = new ArrayList<>(2);
    }
    return early;
  }

  private static JsonArray event(String event, Object[] args) {
    JsonArray data = new JsonArray(new ArrayList<>(args.length + 1)).add(event);
    for (Object arg : args) {
      data.add(arg);
    }
    return data;
  }

  /** Answers one client event; a second reply is ignored. */
  private final class Ack implements SioAck {
    private final long ackId;
    private boolean sent;

    Ack(long ackId) {
      this.ackId = ackId;
    }

    @Override
    public void reply(Object... args) {
      if (sent || state != State.CONNECTED) {
        return;
      }
      sent = true;
      JsonArray data = new JsonArray(new ArrayList<>(args.length));
      for (Object arg : args) {
        data.add(arg);
      }
      connection.write(SocketIoPacket.encode(SocketIoPacket.Type.ACK, namespace, ackId, data));
    }
  }
}
