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

  /**
   * Whether the receivers are agents who are members of their rooms, as a chat's users are. A
   * Socket.IO socket hears its role's channels without asking, and an admin's hear the room stats
   * every few seconds: 10,000 admins would be a burst of 10,000 frames each time, which no real
   * deployment has. The bridge's receivers stay admins, who may register any room and hear nothing
   * they did not register.
   */
  boolean receiversAreMembers() {
    return this == GATEWAY_SOCKETIO;
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
