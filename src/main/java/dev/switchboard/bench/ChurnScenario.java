package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Connections opened at a fixed rate, round-robin over the nodes, each registering in and joining a
 * room, then leaving after {@code --hold} seconds. Join latency runs from the intended connect time
 * to the join reply, so a slow server cannot hide behind fewer attempts. With a server process to
 * sample, the heap after a full collection is compared before and after: once every churned
 * connection is gone, no per-connection state should remain.
 */
record ChurnScenario(Rig rig) {
  Outcome run() throws Exception {
    BenchOptions options = rig.options();
    rig.createRooms(options.rooms());
    ServerProbe probe = rig.probe();
    long heapBefore = probe.present() ? probe.heapAfterGcBytes() : 0;
    Channel joins = new Channel("join");
    Channel deliveries = new Channel("deliveries");
    Set<Link> live = ConcurrentHashMap.newKeySet();
    Queue<long[]> traced = new ConcurrentLinkedQueue<>();
    AtomicLong attempts = new AtomicLong();
    AtomicLong pending = new AtomicLong();
    List<Target> targets = rig.targets();
    long start = Stamps.now() + 100_000_000L;
    long from = start + options.warmupSeconds() * 1_000_000_000L;
    long to = from + options.durationSeconds() * 1_000_000_000L;
    joins.window(from, to);
    // what the server spent and what went wrong before the window: the warm-up's share, left out
    AtomicReference<Mark> atFrom = new AtomicReference<>();
    rig.vertx().setTimer(Math.max(1, (from - Stamps.now()) / 1_000_000), t -> atFrom.set(Mark.take(probe, rig.errors())));
    long[] attempted = Rig.await(OpenLoop.run(rig.vertx(), options.rate(), 1, start, to, from, to, (sender, stamp) -> {
      long k = attempts.getAndIncrement();
      pending.incrementAndGet();
      var plan = new LinkPlan(targets.get((int) (k % targets.size())), rig.token("c" + k),
        rig.roomId((int) (k % options.rooms())), deliveries);
      rig.open(plan, k).onComplete(result -> {
        pending.decrementAndGet();
        if (result.failed()) {
          rig.errors().add("churn connect+join failed: " + result.cause().getMessage());
          return;
        }
        long joinedAt = Stamps.now();
        joins.record(stamp, joinedAt);
        if (options.trace() != null && stamp >= from && stamp < to) {
          traced.add(new long[] {stamp, joinedAt});
        }
        Link link = result.result();
        live.add(link);
        rig.vertx().setTimer(options.holdSeconds() * 1000L + 1, t -> {
          if (live.remove(link)) {
            link.close();
          }
        });
      });
    }));
    Mark atTo = Mark.take(probe, rig.errors());
    long drainEnd = Stamps.now() + options.drainSeconds() * 1_000_000_000L;
    while (pending.get() > 0 && Stamps.now() < drainEnd) {
      Thread.sleep(20);
    }
    rig.closeAll(List.copyOf(live));
    live.clear();
    long warmupErrors = atFrom.get().errors();
    long errors = rig.errors().count() - warmupErrors;
    long joined = joins.counted();
    Latency latency = joins.snapshot();
    double seconds = options.durationSeconds();
    JsonObject metrics = new JsonObject().put("attemptedPerSec", Math.round(attempted[0] / seconds))
      .put("joinedPerSec", Math.round(joined / seconds)).put("join.p50Ms", latency.p50())
      .put("join.p99Ms", latency.p99()).put("join.p999Ms", latency.p999()).put("errors", errors).put("warmupErrors", warmupErrors);
    String line = "churn " + options.label() + " (" + options.protocol().wireName() + ") on " + targets.size()
      + " node(s), hold " + options.holdSeconds() + "s: rate=" + Math.round(options.rate()) + "/s joined=" + joined + "/"
      + attempted[0] + " (" + Math.round(joined / seconds) + "/s) join " + latency.describe()
      + " errors=" + errors + " (warm-up " + warmupErrors + ")";
    if (probe.present()) {
      // in a steady window each attempt stands for one connect+join and one close
      long cpuNanos = atTo.cpuNanos() - atFrom.get().cpuNanos();
      double cpuMs = cpuNanos / 1e6 / Math.max(1, attempted[0]);
      long jitPercent = Math.round(100.0 * (atTo.compilerNanos() - atFrom.get().compilerNanos()) / Math.max(1, cpuNanos));
      metrics.put("serverCpuMsPerConnection", Math.round(cpuMs * 100) / 100.0).put("serverCpuJitPercent", jitPercent);
      line += " server cpu " + Math.round(cpuMs * 100) / 100.0 + " ms per connection (" + jitPercent + " % JIT)";
      // the server drops a closed connection's state when it sees the close; give it a moment
      Thread.sleep(1000);
      double growth = (probe.heapAfterGcBytes() - heapBefore) / (double) attempts.get();
      metrics.put("heapGrowthBytesPerChurnedConnection", Math.round(growth));
      line += " heap growth " + Math.round(growth) + " B per churned connection";
    }
    if (options.trace() != null) {
      writeTrace(options.trace(), traced);
    }
    boolean ok = joined == attempted[0] && errors == 0;
    return new Outcome(line, ok, metrics, new JsonObject().put("attemptsTotal", attempts.get())
      .put("latency", latency.toJson()));
  }

  /** One line per join: its intended connect time on the wall clock (epoch ms, as GC logs' {@code time} shows) and its latency. */
  private static void writeTrace(Path file, Queue<long[]> joins) throws IOException {
    long wallMinusStamp = System.currentTimeMillis() * 1_000_000L - Stamps.now();
    StringBuilder csv = new StringBuilder("intended_epoch_ms,latency_ms\n");
    joins.stream().sorted((a, b) -> Long.compare(a[0], b[0])).forEach(join -> csv
      .append(String.format(Locale.ROOT, "%.3f,%.3f%n", (join[0] + wallMinusStamp) / 1e6, (join[1] - join[0]) / 1e6)));
    Files.writeString(file, csv);
  }

  /** The server's CPU (all of it, and its JIT compilers') and the errors so far, at one moment. */
  private record Mark(long cpuNanos, long compilerNanos, long errors) {
    static Mark take(ServerProbe probe, Errors errors) {
      return probe.present() ? new Mark(probe.cpuNanos(), probe.compilerCpuNanos(), errors.count())
        : new Mark(0, 0, errors.count());
    }
  }
}
