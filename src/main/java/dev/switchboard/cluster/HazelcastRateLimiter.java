package dev.switchboard.cluster;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.ExtendedMapEntry;
import com.hazelcast.map.IMap;
import dev.switchboard.auth.Principal;
import dev.switchboard.config.RateLimit;
import dev.switchboard.core.Gcra;
import dev.switchboard.core.RateLimiter;
import dev.switchboard.error.GatewayException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.io.Serial;
import java.util.Map;
import java.util.Map.Entry;
import java.util.concurrent.TimeUnit;

/**
 * Each user's budgets in a Hazelcast map, one entry per user and command, decided on the member
 * that owns the entry by an entry processor: exact across all devices and nodes, at the cost of
 * one cluster round trip per limited command. The entry expires once its budget is full again.
 */
public final class HazelcastRateLimiter implements RateLimiter {
  static final String MAP = "sb.rate-limits";

  private final Vertx vertx;
  private final IMap<String, Long> budgets;
  private final Map<String, RateLimit> limits;

  public HazelcastRateLimiter(Vertx vertx, HazelcastInstance hazelcast, Map<String, RateLimit> limits) {
    this.vertx = vertx;
    this.budgets = hazelcast.getMap(MAP);
    this.limits = Map.copyOf(limits);
  }

  @Override
  public Future<Void> acquire(Principal principal, String command) {
    RateLimit limit = limits.get(command);
    if (limit == null) {
      return Future.succeededFuture();
    }
    var use = new Use(System.currentTimeMillis(), limit.intervalMs(), limit.period().toMillis());
    return Future.fromCompletionStage(budgets.submitToKey(command + '|' + principal.id(), use), vertx.getOrCreateContext())
      .compose(wait -> wait == 0 ? Future.succeededFuture() : Future.failedFuture(GatewayException.rateLimited(
        "at most " + limit.count() + " " + command + " per " + limit.period().toSeconds() + " s", wait)));
  }

  /** One use of a budget, run where its entry lives; answers 0, or the wait in milliseconds. */
  static final class Use implements EntryProcessor<String, Long, Long> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final long now;
    private final long intervalMs;
    private final long periodMs;

    Use(long now, long intervalMs, long periodMs) {
      this.now = now;
      this.intervalMs = intervalMs;
      this.periodMs = periodMs;
    }

    @Override
    public Long process(Entry<String, Long> entry) {
      Long kept = entry.getValue();
      Gcra.Decision decision = Gcra.use(kept == null ? 0 : kept, now, intervalMs, periodMs);
      if (decision.allowed()) {
        // kept until the budget is full again, then gone: an idle user costs nothing
        ((ExtendedMapEntry<String, Long>) entry).setValue(decision.tat(), decision.tat() - now, TimeUnit.MILLISECONDS);
      }
      return decision.waitMs();
    }
  }
}
