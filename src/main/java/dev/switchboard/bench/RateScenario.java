package dev.switchboard.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Messages at a fixed send rate into rooms of long-lived receivers, one sender per room on node A.
 * {@code fanout}, {@code hot-room} and {@code cross-node} broadcast without storing; {@code persist}
 * stores each message first and also measures the sender's acknowledgement. Latency is kept per
 * node ({@code local} is node A, {@code remote} the others). With {@code --sweep} the rate steps up
 * until a step misses p99 below the limit, or leaves deliveries behind; the best passing step is reported.
 */
final class RateScenario {
  private final Rig rig;
  private final BenchOptions options;
  private final boolean stored;
  private final List<Channel> nodes;
  private final Channel acks = new Channel("ack");
  private final String padding;

  RateScenario(Rig rig) {
    this.rig = rig;
    this.options = rig.options();
    this.stored = options.scenario() == Scenario.PERSIST;
    int nodeCount = rig.targets().size();
    this.nodes = IntStream.range(0, nodeCount).mapToObj(i -> new Channel(i == 0 ? "local" : nodeCount == 2 ? "remote"
      : "remote" + i)).toList();
    // the stamp and the JSON around it take about 24 bytes of the payload
    this.padding = "x".repeat(Math.max(1, options.payloadBytes() - 24));
  }

  Outcome run() throws Exception {
    rig.createRooms(options.rooms());
    Rig.Receivers layout = rig.receivers(options.connections(), options.rooms(), nodes);
    long setupStart = Stamps.now();
    List<Link> receivers = rig.openAll(layout.plans());
    List<Link> senders = rig.openAll(IntStream.range(0, options.rooms())
      .mapToObj(i -> new LinkPlan(rig.targets().get(0), rig.token("s" + i), null, acks)).toList());
    double setupSeconds = (Stamps.now() - setupStart) / 1e9;
    try {
      List<Step> steps = new ArrayList<>();
      double rate = options.rate();
      while (true) {
        Step step = measure(rate, senders, layout.members());
        steps.add(step);
        if (options.sweep()) {
          System.out.println("step " + step.describe());
        }
        if (!options.sweep() || !step.passed() || rate * options.step() > options.maxRate()) {
          break;
        }
        rate *= options.step();
      }
      return outcome(steps, setupSeconds);
    } finally {
      rig.closeAll(senders);
      rig.closeAll(receivers);
    }
  }

  private Step measure(double rate, List<Link> senders, int[][] members) throws InterruptedException {
    Wire wire = rig.targets().get(0).wire();
    long start = Stamps.now() + 100_000_000L;
    long from = start + options.warmupSeconds() * 1_000_000_000L;
    long to = from + options.durationSeconds() * 1_000_000_000L;
    nodes.forEach(channel -> channel.window(from, to));
    acks.window(from, to);
    long errorsBefore = rig.errors().count();
    var loop = OpenLoop.run(rig.vertx(), rate, senders.size(), start, to, from, to, (room, stamp) -> {
      String roomId = rig.roomId(room);
      senders.get(room).send(stored ? wire.store(roomId, Stamps.stamp(stamp) + " " + padding)
        : wire.broadcast(roomId, "{\"s\":\"" + Stamps.stamp(stamp) + "\",\"p\":\"" + padding + "\"}"));
    });
    long self = ProcessHandle.current().pid();
    Stamps.sleepUntil(from);
    ProcStat.CpuTime cpuFrom = rig.probe().present() ? rig.probe().cpu() : null;
    long jitFrom = rig.probe().compilerCpuNanos();
    long storeFrom = storeCpuNanos();
    long selfFrom = ProcStat.cpuNanos(self);
    Stamps.sleepUntil(to);
    ProcStat.CpuTime cpuTo = rig.probe().present() ? rig.probe().cpu() : null;
    long jitNanos = rig.probe().compilerCpuNanos() - jitFrom;
    long storeNanos = options.storePids().isEmpty() ? -1 : storeCpuNanos() - storeFrom;
    var generator = new Step.GeneratorLoad(ProcStat.cpuNanos(self) - selfFrom, Runtime.getRuntime().availableProcessors());
    long[] sent = Rig.await(loop);
    long[] expected = new long[nodes.size()];
    for (int room = 0; room < sent.length; room++) {
      for (int node = 0; node < nodes.size(); node++) {
        expected[node] += sent[room] * members[room][node];
      }
    }
    long sentTotal = sum(sent);
    long expectedTotal = sum(expected);
    long drainEnd = Stamps.now() + options.drainSeconds() * 1_000_000_000L;
    while (Stamps.now() < drainEnd && (delivered() < expectedTotal || (stored && acks.counted() < sentTotal))) {
      Thread.sleep(20);
    }
    Map<String, Latency> latency = new LinkedHashMap<>();
    nodes.forEach(channel -> latency.put(channel.name(), channel.snapshot()));
    if (stored) {
      latency.put(acks.name(), acks.snapshot());
    }
    return new Step(rate, sentTotal, expectedTotal, delivered(), stored ? acks.counted() : -1, latency,
      rig.errors().count() - errorsBefore, cpuFrom == null ? null : cpuTo.minus(cpuFrom), jitNanos, storeNanos, generator, options.durationSeconds(),
      options.p99LimitMs());
  }

  private long storeCpuNanos() {
    return options.storePids().stream().mapToLong(pid -> ProcStat.cpu(pid).totalNanos()).sum();
  }

  private long delivered() {
    return nodes.stream().mapToLong(Channel::counted).sum();
  }

  private Outcome outcome(List<Step> steps, double setupSeconds) {
    Step last = steps.get(steps.size() - 1);
    Step best = steps.stream().filter(Step::passed).reduce((a, b) -> b).orElse(null);
    JsonObject details = new JsonObject().put("setupSeconds", setupSeconds)
      .put("steps", new JsonArray(steps.stream().map(Step::toJson).toList()));
    String head = options.scenario().wireName() + " " + options.label() + " (" + options.protocol().wireName() + ") "
      + options.connections() + " connections in " + options.rooms() + " rooms on " + nodes.size() + " node(s): ";
    if (!options.sweep()) {
      return new Outcome(head + last.describe(), last.complete() && last.errors() == 0, last.metrics(), details);
    }
    // a sweep ends on a failing step by design; it succeeded if some step passed
    if (best == null) {
      return new Outcome(head + "no rate passed; " + last.describe(), false, new JsonObject().put("bestRate", 0), details);
    }
    return new Outcome(head + "best " + best.describe() + "; next " + last.describe(), true,
      best.metrics().put("bestRate", best.rate()), details);
  }

  private static long sum(long[] values) {
    long total = 0;
    for (long value : values) {
      total += value;
    }
    return total;
  }
}
