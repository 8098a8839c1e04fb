package dev.switchboard.socketio;

import dev.switchboard.transport.RawWebSocket;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One Engine.IO connection, on polling or on a WebSocket, possibly with a WebSocket probe on its
 * way to replace polling. It pings every pingInterval and closes when no pong follows within
 * pingTimeout.
 */
public final class EngineSocket {
  private static final String PROBE_PING = "2probe";
  private static final String PROBE_PONG = "3probe";
  private static final String UPGRADE = String.valueOf(EnginePacket.Type.UPGRADE.digit());
  private static final String PING = String.valueOf(EnginePacket.Type.PING.digit());
  private static final int NORMAL_CLOSURE = 1000;
  private static final long NO_TIMER = -1;
  /** As socket.io's server: a probed client waits for its pending poll to end, which a noop does this soon. */
  private static final long UPGRADE_CHECK_MS = 100;

  private final EngineIoServer server;
  private final String id;
  private final SioHandshake handshake;
  /** Exactly one of these two is the transport. */
  private RawWebSocket webSocket;
  private PollingTransport polling;
  /** A WebSocket probe on its way to replace polling, or null. */
  private Upgrade upgrade;
  /** When the next ping is due, or the pong is overdue ({@link HeartbeatSweep#now()}). */
  private long heartbeatDue;
  private boolean awaitingPong;
  private boolean closed;
  /** One listener rather than a handler per kind of news: four lambdas would cost 64 bytes per connection. */
  private Listener listener = IGNORED;

  /** What the connection tells the protocol on top of it. */
  public interface Listener {
    /** A text message's data. */
    void onMessage(String data);

    /** A binary message. */
    void onBinary(Buffer data);

    /** Told once, with the reason (see {@link DisconnectReason}). */
    void onClose(String reason);

    /**
     * Told with false when a ping is written, and with true when the client answers it: every packet
     * written before that ping has then reached the client, since the transport delivers in order.
     */
    default void onHeartbeat(boolean answered) {
    }
  }

  private static final Listener IGNORED = new Listener() {
    @Override
    public void onMessage(String data) {
    }

    @Override
    public void onBinary(Buffer data) {
    }

    @Override
    public void onClose(String reason) {
    }
  };

  /** A WebSocket probe upgrading a polling connection, with its two timers. */
  private static final class Upgrade {
    final RawWebSocket probe;
    final long timeout;
    long check = NO_TIMER;

    Upgrade(RawWebSocket probe, long timeout) {
      this.probe = probe;
      this.timeout = timeout;
    }
  }

  EngineSocket(EngineIoServer server, String id, SioHandshake handshake) {
    this.server = server;
    this.id = id;
    this.handshake = handshake;
    this.heartbeatDue = HeartbeatSweep.now() + server.options().pingIntervalMs();
  }

  public String id() {
    return id;
  }

  public SioHandshake handshake() {
    return handshake;
  }

  /** "polling" or "websocket", the transport now. */
  public String transport() {
    return webSocket != null ? EngineIoServer.WEBSOCKET : EngineIoServer.POLLING;
  }

  /** Receives the connection's messages, its close and its heartbeat. */
  public EngineSocket listener(Listener listener) {
    this.listener = listener;
    return this;
  }

  public boolean isOpen() {
    return !closed;
  }

  /** Sends a text message. */
  public void send(String data) {
    writeEncoded(EnginePacket.Type.MESSAGE.digit() + data);
  }

  /** Writes a whole Engine.IO packet's text (type digit included) as is. */
  public void writeEncoded(String packet) {
    if (closed) {
      return;
    }
    if (webSocket != null) {
      webSocket.write(packet);
    } else {
      polling.add(packet);
    }
  }

  /** Sends a binary message. */
  public void sendBinary(Buffer data) {
    if (closed) {
      return;
    }
    if (webSocket != null) {
      webSocket.writeBinary(data);
    } else {
      polling.add(data);
    }
  }

  /** Whether the client is not keeping up: its TCP buffer, or on polling maxPayload of unfetched packets. */
  public boolean writeQueueFull() {
    return webSocket != null ? webSocket.writeQueueFull() : polling.backlogged();
  }

  /** Closes the connection ("forced close"); what was written before is still delivered. */
  public void close() {
    close(DisconnectReason.FORCED_CLOSE);
  }

  void useWebSocket(RawWebSocket socket) {
    webSocket = socket;
    socket.handler(this::onWebSocketText).binaryHandler(this::onWebSocketBinary).closeHandler(this::onWebSocketClosed);
  }

  void usePolling() {
    polling = new PollingTransport(this, server.options().maxPayloadBytes());
  }

  void onPollingRequest(PollExchange exchange) {
    if (polling == null) {
      // the connection has moved to a WebSocket: polling requests for it are stale
      EngineError.BAD_REQUEST.send(exchange);
      return;
    }
    polling.onRequest(exchange);
  }

  /** A closed polling session's last packets went out, or the client never came for them. */
  void delivered() {
    polling.stopLingering(server.vertx());
    server.forget(this);
  }

  void onPacket(EnginePacket packet) {
    switch (packet.type()) {
      case PONG -> onPong();
      case MESSAGE -> {
        if (packet.isBinary()) {
          listener.onBinary(packet.binary());
        } else {
          listener.onMessage(packet.text());
        }
      }
      case CLOSE -> close(DisconnectReason.TRANSPORT_CLOSE);
      // v4 clients do not ping; noop, open and upgrade mean nothing here
      default -> { }
    }
  }

  /**
   * Closes with a reason: a close the server asked for delivers what was written before it; any
   * other drops it. Closing a closed socket does nothing.
   */
  void close(String reason) {
    if (closed) {
      return;
    }
    closed = true;
    abortUpgrade();
    boolean lingers = false;
    if (webSocket != null) {
      webSocket.close(NORMAL_CLOSURE, "");
    } else {
      lingers = polling.close(reason);
      if (lingers) {
        long grace = server.options().pingIntervalMs() + server.options().pingTimeoutMs();
        polling.lingerFor(server.vertx(), grace);
      }
    }
    server.closed(this, lingers);
    listener.onClose(reason);
  }

  /** Whether the sweep should ping now, or give up on the pong. */
  boolean heartbeatDue(long now) {
    return !closed && now >= heartbeatDue;
  }

  /** The ping is due, or its pong overdue. */
  void onHeartbeat() {
    if (awaitingPong) {
      close(DisconnectReason.PING_TIMEOUT);
      return;
    }
    awaitingPong = true;
    writeEncoded(PING);
    // from when the ping was due, not from when a tick sent it: the pong deadline is pingInterval +
    // pingTimeout after the last sign of life, as clients count it, whatever the sweep's lateness
    heartbeatDue += server.options().pingTimeoutMs();
    listener.onHeartbeat(false);
  }

  private void onPong() {
    if (!awaitingPong || closed) {
      return;
    }
    awaitingPong = false;
    heartbeatDue = HeartbeatSweep.now() + server.options().pingIntervalMs();
    listener.onHeartbeat(true);
  }

  private void onWebSocketText(Buffer frame) {
    EnginePacket packet;
    try {
      packet = EnginePacket.decodeText(frame.toString(StandardCharsets.UTF_8));
    } catch (ProtocolViolation e) {
      close(DisconnectReason.PARSE_ERROR);
      return;
    }
    onPacket(packet);
  }

  private void onWebSocketBinary(Buffer data) {
    onPacket(EnginePacket.binary(data));
  }

  private void onWebSocketClosed(Void ignored) {
    close(DisconnectReason.TRANSPORT_CLOSE);
  }

  /** A WebSocket with this session's id: the probe of an upgrade from polling, or else one too many. */
  void onUpgradeRequest(HttpServerRequest request) {
    onUpgrade(RawWebSocket.accept(request, server.options().maxPayloadBytes(), null));
  }

  /** The WebSocket of an upgrade request, accepted on this session's loop or handed over from another. */
  void onUpgrade(RawWebSocket socket) {
    if (polling == null || closed || upgrade != null) {
      // as socket.io's server does: the WebSocket opens, then closes at once
      socket.close(NORMAL_CLOSURE, "");
      return;
    }
    upgrade = new Upgrade(socket, server.vertx().setTimer(server.options().upgradeTimeoutMs(), timer -> abortUpgrade()));
    socket.handler(this::onProbeText).binaryHandler(data -> abortUpgrade()).closeHandler(v -> onProbeClosed(socket));
  }

  private void onProbeText(Buffer frame) {
    String text = frame.toString(StandardCharsets.UTF_8);
    if (PROBE_PING.equals(text)) {
      upgrade.probe.write(PROBE_PONG);
      // The client now waits for its pending poll to end before it sends the upgrade. Not ending
      // it at once lets a client that sends the upgrade straight away find its poll refused.
      server.vertx().cancelTimer(upgrade.check);
      upgrade.check = server.vertx().setPeriodic(UPGRADE_CHECK_MS, timer -> polling.endPendingPoll());
    } else if (UPGRADE.equals(text)) {
      completeUpgrade();
    } else {
      abortUpgrade();
    }
  }

  private void completeUpgrade() {
    RawWebSocket socket = endUpgrade();
    List<Object> unsent = polling.discard();
    polling = null;
    useWebSocket(socket);
    for (Object packet : unsent) {
      if (packet instanceof Buffer data) {
        socket.writeBinary(data);
      } else {
        socket.write((String) packet);
      }
    }
  }

  private void onProbeClosed(RawWebSocket socket) {
    if (upgrade != null && upgrade.probe == socket) {
      abortUpgrade();
    }
  }

  private void abortUpgrade() {
    if (upgrade != null) {
      endUpgrade().close(NORMAL_CLOSURE, "");
    }
  }

  /** Stops the upgrade's timers and hands its probe over. */
  private RawWebSocket endUpgrade() {
    server.vertx().cancelTimer(upgrade.timeout);
    server.vertx().cancelTimer(upgrade.check);
    RawWebSocket probe = upgrade.probe;
    upgrade = null;
    return probe;
  }
}
