package dev.switchboard.core;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import dev.switchboard.metrics.GatewayMetrics;
import io.vertx.core.Future;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The node's sessions over all its event loops. Each loop's {@link SessionHub} holds its own
 * sessions; this is what they share: the connection budget, the drain, the counts, and the hubs
 * themselves, so that a drain reaches every loop.
 * <p>
 * Thread-safe: every loop admits, opens and closes from its own thread.
 */
public final class NodeSessions {
  private static final long CONNECT_PERIOD_MS = 1000;

  private final List<SessionHub> hubs = new CopyOnWriteArrayList<>();
  private final Map<String, LongAdder> open = SessionHub.TRANSPORTS.stream()
    .collect(Collectors.toUnmodifiableMap(Function.identity(), transport -> new LongAdder()));
  private final long connectIntervalMs;
  private volatile boolean draining;
  /** The connection budget's state ({@link Gcra}): a connect storm is refused, not queued. */
  private long connectTat;

  public NodeSessions(GatewayMetrics metrics, int connectsPerSecond) {
    this.connectIntervalMs = Math.max(1, CONNECT_PERIOD_MS / connectsPerSecond);
    open.forEach((transport, count) -> metrics.sessions(transport, count::sum));
  }

  /**
   * Whether a request may go on now: none while draining ({@code NODE_DRAINING}); and one that opens
   * a connection only within the node's connection rate ({@code RATE_LIMIT_EXCEEDED}), counted over
   * all its loops, so a reconnect storm is spread out instead of served all at once.
   */
  Future<Void> admit(boolean opensConnection) {
    if (draining) {
      return Future.failedFuture(ErrorCode.NODE_DRAINING.exception("this node is shutting down; connect to another one"));
    }
    if (!opensConnection) {
      return Future.succeededFuture();
    }
    Gcra.Decision decision;
    synchronized (this) {
      decision = Gcra.use(connectTat, System.currentTimeMillis(), connectIntervalMs, CONNECT_PERIOD_MS);
      if (decision.allowed()) {
        connectTat = decision.tat();
      }
    }
    return decision.allowed() ? Future.succeededFuture()
      : Future.failedFuture(GatewayException.rateLimited("this node takes no more connections this second", decision.waitMs()));
  }

  /**
   * Refuses new connections from now on, then tells every open session, on every loop, to reconnect
   * elsewhere; completes once each loop has.
   */
  public Future<Void> drain() {
    // readiness first: a client that reconnects on its close must already find this node not ready
    draining = true;
    return Future.all(hubs.stream().map(SessionHub::drainOnLoop).toList()).mapEmpty();
  }

  public boolean draining() {
    return draining;
  }

  /** Open sessions on the node, all loops and transports. */
  public long count() {
    return open.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** Open sessions on each loop, in the order the loops started: how evenly the node spreads its connections. */
  public List<Integer> byLoop() {
    return hubs.stream().map(SessionHub::size).toList();
  }

  void add(SessionHub hub) {
    hubs.add(hub);
  }

  void remove(SessionHub hub) {
    hubs.remove(hub);
  }

  void opened(HubSession session) {
    open.get(session.transport()).increment();
  }

  void closed(HubSession session) {
    open.get(session.transport()).decrement();
  }
}
