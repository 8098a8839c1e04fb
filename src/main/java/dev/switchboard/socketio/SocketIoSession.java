package dev.switchboard.socketio;

import dev.switchboard.auth.VerifiedToken;
import dev.switchboard.core.CloseReason;
import dev.switchboard.core.ProtocolSession;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import dev.switchboard.fanout.FrameEncoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * A Socket.IO socket in one namespace, as the node's hub keeps it. Liveness is Engine.IO's ping,
 * so it is never idle to the hub. A close says why in an {@code error} event first; after a drain
 * or a lost connection the engine connection is dropped so the client reconnects by itself (and
 * recovers), after a kick or an expired token the namespace is disconnected, which a client does
 * not retry. With recovery it has a private id and keeps track of what its client {@link Received}.
 * It listens to its socket itself and hands what it hears to the gateway: a socket's handlers as
 * lambdas would cost 72 bytes per connection.
 */
final class SocketIoSession extends ProtocolSession implements SioSocket.Listener {
  private final SioSocket socket;
  private final ProfileEncoder encoder;
  private final SocketIoGateway gateway;
  /** Connection state recovery's private id, or null without recovery. */
  private String pid;
  private Received received;
  /**
   * While the socket is in one room, the last stored event written to it, and nothing else: the
   * offset its client reports says where it stands, so nothing is tracked per event in
   * {@link Received} (three objects fewer to touch per delivery). Once a second room is joined,
   * {@link #tracking}, and this is where that tracking starts from.
   */
  private Position last;
  private boolean tracking;

  SocketIoSession(SioSocket socket, VerifiedToken token, ProfileEncoder encoder, SocketIoGateway gateway,
                  GatewayMetrics metrics) {
    super(token, metrics, System.currentTimeMillis());
    this.socket = socket;
    this.encoder = encoder;
    this.gateway = gateway;
  }

  /** Runs one client event once the ones before it are done. */
  @Override
  public void onEvent(String event, JsonArray args, SioAck ack) {
    then(() -> gateway.dispatch(this, event, args, ack));
  }

  @Override
  public void onDisconnect(String reason) {
    gateway.closed(this, reason);
  }

  @Override
  public void onHeartbeat(boolean answered) {
    if (received != null) {
      gateway.heartbeat(this, answered);
    }
  }

  @Override
  public String id() {
    return socket.id();
  }

  @Override
  public FrameEncoder encoder() {
    return encoder;
  }

  ProfileEncoder profileEncoder() {
    return encoder;
  }

  SioSocket socket() {
    return socket;
  }

  @Override
  protected boolean writeQueueFull() {
    return socket.writeQueueFull();
  }

  @Override
  protected void send(String frame) {
    socket.writeEncoded(frame);
    if (received != null) {
      Position position = encoder.positionOf(frame);
      if (position == null) {
        return;
      }
      if (tracking) {
        received.written(position);
      } else {
        last = position;
      }
    }
  }

  /** The client has the room up to {@code seq}; with a second room, what it is written is tracked from here on. */
  void joined(String room, long seq) {
    received.joined(room, seq);
    if (!tracking && received.inSeveralRooms()) {
      tracking = true;
      if (last != null) {
        // of the first room, what the client may not have received yet
        received.written(last);
        last = null;
      }
    }
  }

  /** Turns recovery on for this session under its private id. */
  void recoverable(String pid) {
    this.pid = pid;
    this.received = new Received();
  }

  String pid() {
    return pid;
  }

  /** What the client has received, or null without recovery; rooms are joined through {@link #joined}. */
  Received received() {
    return received;
  }

  @Override
  public String transport() {
    return "socketio";
  }

  @Override
  public boolean idleSince(long deadline) {
    return false;
  }

  /** An {@code error} event {@code {code, message, address}}: a socket hears many addresses on one connection. */
  @Override
  public void revoked(String address, GatewayException why) {
    if (!closed()) {
      socket.emit(SocketIoGateway.ERROR_EVENT, why.toJson().getJsonObject("error").put("address", address));
    }
  }

  @Override
  protected void end(CloseReason reason) {
    socket.emit(SocketIoGateway.ERROR_EVENT, new JsonObject().put("code", reason.code()).put("message", reason.text()));
    if (reason.reconnect()) {
      socket.drop();
    } else {
      socket.disconnect(false);
    }
  }

}
