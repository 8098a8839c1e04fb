package dev.switchboard.bench;

import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/** The protocols the generator speaks; the first two reach the gateway, the last the Socket.IO peer. */
enum Protocol {
  BRIDGE_WS("bridge-ws", () -> new BridgeWire(false)),
  BRIDGE_SOCKJS("bridge-sockjs", () -> new BridgeWire(true)),
  SOCKETIO("socketio", SocketIoWire::new);

  private final String wireName;
  private final Supplier<Wire> wire;

  Protocol(String wireName, Supplier<Wire> wire) {
    this.wireName = wireName;
    this.wire = wire;
  }

  String wireName() {
    return wireName;
  }

  Wire wire() {
    return wire.get();
  }

  /** The bridge protocols need tokens and rooms created over REST; the peer needs neither. */
  boolean bridge() {
    return this != SOCKETIO;
  }

  static Optional<Protocol> parse(String name) {
    return Arrays.stream(values()).filter(p -> p.wireName.equals(name)).findFirst();
  }
}
