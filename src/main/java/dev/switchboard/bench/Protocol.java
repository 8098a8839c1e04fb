package dev.switchboard.bench;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The protocols the generator speaks: the gateway's bridge (WebSocket or SockJS), Socket.IO to the
 * Node peer, and Socket.IO to the gateway's own endpoint.
 */
enum Protocol {
  BRIDGE_WS("bridge-ws", () -> new BridgeWire(false), true),
  BRIDGE_SOCKJS("bridge-sockjs", () -> new BridgeWire(true), true),
  SOCKETIO("socketio", SocketIoWire::peer, false),
  GATEWAY_SOCKETIO("gateway-socketio", SocketIoWire::gateway, true);

  private final String wireName;
  private final Supplier<Wire> wire;
  private final boolean gateway;

  Protocol(String wireName, Supplier<Wire> wire, boolean gateway) {
    this.wireName = wireName;
    this.wire = wire;
    this.gateway = gateway;
  }

  String wireName() {
    return wireName;
  }

  Wire wire() {
    return wire.get();
  }

  /** The gateway's protocols need tokens and rooms created over REST, and its server is a JVM; the peer needs neither. */
  boolean gateway() {
    return gateway;
  }

  /** The event-bus bridge: the only protocol that stores messages or negotiates per-message deflate. */
  boolean bridge() {
    return this == BRIDGE_WS || this == BRIDGE_SOCKJS;
  }

  static Optional<Protocol> parse(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }
}
