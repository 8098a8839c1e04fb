package dev.switchboard.bench;

import java.util.Arrays;
import java.util.Optional;

/** The bench's workloads, with the defaults that match the bars. */
enum Scenario {
  IDLE("idle", 10_000, 100, 0),
  FANOUT("fanout", 10_000, 100, 1500),
  HOT_ROOM("hot-room", 5_000, 1, 30),
  CROSS_NODE("cross-node", 2_000, 20, 100),
  CHURN("churn", 0, 100, 500),
  PERSIST("persist", 1_000, 10, 200);

  private final String wireName;
  private final int connections;
  private final int rooms;
  private final double rate;

  Scenario(String wireName, int connections, int rooms, double rate) {
    this.wireName = wireName;
    this.connections = connections;
    this.rooms = rooms;
    this.rate = rate;
  }

  String wireName() {
    return wireName;
  }

  int defaultConnections() {
    return connections;
  }

  int defaultRooms() {
    return rooms;
  }

  /** Messages sent per second, all rooms together (for churn: connections opened per second). */
  double defaultRate() {
    return rate;
  }

  static Optional<Scenario> parse(String name) {
    return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
  }
}
