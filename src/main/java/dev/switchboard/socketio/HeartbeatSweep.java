package dev.switchboard.socketio;

import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The heartbeat of every connection of a server, on one periodic timer: a Vert.x timer per
 * connection costs about 200 bytes of heap while it idles. Each tick pings the connections whose
 * ping is due and closes those whose pong is overdue, so both happen up to one tick late; a tick
 * is a fiftieth of the shorter of pingInterval and pingTimeout (400 ms at the defaults, a scan of the
 * server's connections that costs little), so a dead connection is closed within a few percent of
 * its deadline.
 */
final class HeartbeatSweep {
  private static final long TICKS_PER_PERIOD = 50;
  private static final long NANOS_PER_MILLI = 1_000_000;

  private final Vertx vertx;
  private final long tickMs;
  private boolean started;

  HeartbeatSweep(Vertx vertx, SocketIoOptions options) {
    this.vertx = vertx;
    this.tickMs = Math.max(1, Math.min(options.pingIntervalMs(), options.pingTimeoutMs()) / TICKS_PER_PERIOD);
  }

  /** Sweeps the sockets from now on, on the calling context; a second call changes nothing. */
  void start(Supplier<Collection<EngineSocket>> sockets) {
    if (!started) {
      started = true;
      vertx.setPeriodic(tickMs, timer -> sweep(sockets.get()));
    }
  }

  /** The clock deadlines are kept in: monotonic milliseconds. */
  static long now() {
    return System.nanoTime() / NANOS_PER_MILLI;
  }

  private static void sweep(Collection<EngineSocket> sockets) {
    long now = now();
    List<EngineSocket> due = new ArrayList<>();
    for (EngineSocket socket : sockets) {
      if (socket.heartbeatDue(now)) {
        due.add(socket);
      }
    }
    // apart from the loop: a heartbeat may close a socket, and the server then forgets it
    due.forEach(EngineSocket::onHeartbeat);
  }
}
