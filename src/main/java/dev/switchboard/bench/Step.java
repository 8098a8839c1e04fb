package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One measured window at one send rate.
 *
 * @param sent      sends stamped inside the window
 * @param expected  deliveries those sends owe, over all members of their rooms
 * @param delivered deliveries of them that arrived before the drain ended
 * @param acked     stored messages acknowledged to their sender; -1 when sends are not acknowledged
 * @param latency   per channel: deliveries per node ({@code local}, {@code remote}) and {@code ack}
 * @param cpu       server CPU time during the window, in user space and in the kernel; null without a server process to sample
 * @param jitNanos  the part of {@code cpu} spent by the gateway JVMs' JIT compiler threads (0 for the Node peer, not counted)
 * @param storeNanos CPU time of the database's own process during the window (not in {@code cpu}); -1 when not sampled
 * @param generator the generator's own CPU time during the window, and how many CPUs it may use
 */
record Step(double rate, long sent, long expected, long delivered, long acked, Map<String, Latency> latency,
            long errors, ProcStat.CpuTime cpu, long jitNanos, long storeNanos, GeneratorLoad generator, double seconds, double p99LimitMs) {
  /** Above this share of its CPUs the generator's own queues may add latency: the step says so. */
  static final double GENERATOR_LIMIT = 0.8;

  /** The generator's CPU time in a window, and the CPUs it had (taskset limits them). */
  record GeneratorLoad(long cpuNanos, int cpus) {
  }

  /** Every send delivered to every member (and acknowledged, if stored): no backlog left behind. */
  boolean complete() {
    return delivered == expected && (acked < 0 || acked == sent);
  }

  boolean fast() {
    return latency.values().stream().allMatch(l -> l.count() == 0 || l.p99() < p99LimitMs);
  }

  boolean passed() {
    return complete() && errors == 0 && fast();
  }

  double deliveredPerSecond() {
    return delivered / seconds;
  }

  /** Server CPU seconds per million deliveries, or null without a server process to sample. */
  Double cpuSecondsPerMillion() {
    return cpu == null || delivered == 0 ? null : Math.round(cpu.totalNanos() / 1e9 / (delivered / 1e6) * 1000) / 1000.0;
  }

  /** The database process's CPU seconds per million deliveries, or null when it was not sampled. */
  Double storeCpuSecondsPerMillion() {
    return storeNanos < 0 || delivered == 0 ? null : Math.round(storeNanos / 1e9 / (delivered / 1e6) * 1000) / 1000.0;
  }

  /**
   * The share of the server's CPU time spent in the kernel (sockets, loopback TCP, wake-ups), or null
   * without a server process to sample: what no change to the server's own code can remove.
   */
  Double serverKernelShare() {
    return cpu == null ? null : share(cpu.systemNanos());
  }

  private Double share(long nanos) {
    return cpu == null || cpu.totalNanos() == 0 ? null : Math.round(100.0 * nanos / cpu.totalNanos()) / 100.0;
  }

  /**
   * The share of the server's CPU time spent compiling, or null without a server process to sample:
   * a window taken while the JIT still works measures start-up as well as steady state.
   */
  Double serverJitShare() {
    return share(jitNanos);
  }

  /**
   * The share of its CPUs the generator kept busy: well below 1 means it had headroom, so the rate
   * measured is the server's, not the generator's.
   */
  double generatorBusy() {
    return round(generator.cpuNanos() / (seconds * 1e9 * generator.cpus()) * 100) / 100.0;
  }

  String describe() {
    StringBuilder line = new StringBuilder()
      .append("rate=").append(Math.round(rate)).append("/s sent=").append(sent)
      .append(" delivered=").append(delivered).append('/').append(expected)
      .append(" (").append(Math.round(deliveredPerSecond())).append("/s)");
    if (acked >= 0) {
      line.append(" acked=").append(acked).append('/').append(sent);
    }
    latency.forEach((name, l) -> line.append(' ').append(name).append(' ').append(l.describe()));
    line.append(" errors=").append(errors);
    if (cpuSecondsPerMillion() != null) {
      line.append(" cpu=").append(cpuSecondsPerMillion()).append("s/M");
    }
    if (serverKernelShare() != null) {
      line.append(" (kernel ").append(Math.round(serverKernelShare() * 100)).append("%, JIT ")
        .append(Math.round(serverJitShare() * 100)).append("%)");
    }
    if (storeCpuSecondsPerMillion() != null) {
      line.append(" store-cpu=").append(storeCpuSecondsPerMillion()).append("s/M");
    }
    line.append(" generator-busy=").append(Math.round(generatorBusy() * 100)).append('%')
      .append(generatorBusy() >= GENERATOR_LIMIT ? " (GENERATOR-BOUND: this step measures the generator too)" : "");
    List<String> misses = new ArrayList<>();
    if (!complete()) {
      misses.add("incomplete");
    }
    if (errors > 0) {
      misses.add("errors");
    }
    if (!fast()) {
      misses.add("p99>=" + p99LimitMs + "ms");
    }
    return line.append(misses.isEmpty() ? " PASS" : " FAIL(" + String.join(",", misses) + ")").toString();
  }

  /** The figures {@code bench table} compares. */
  JsonObject metrics() {
    JsonObject metrics = new JsonObject().put("rate", rate).put("sentPerSec", round(sent / seconds))
      .put("deliveredPerSec", round(deliveredPerSecond())).put("errors", errors).put("generatorBusy", generatorBusy());
    latency.forEach((name, l) -> metrics.put(name + ".p50Ms", l.p50()).put(name + ".p99Ms", l.p99())
      .put(name + ".p999Ms", l.p999()));
    if (cpuSecondsPerMillion() != null) {
      metrics.put("cpuSecPerMillion", cpuSecondsPerMillion());
    }
    if (serverKernelShare() != null) {
      metrics.put("serverKernelShare", serverKernelShare()).put("serverJitShare", serverJitShare());
    }
    if (storeCpuSecondsPerMillion() != null) {
      metrics.put("storeCpuSecPerMillion", storeCpuSecondsPerMillion());
    }
    return metrics;
  }

  JsonObject toJson() {
    JsonObject latencies = new JsonObject();
    latency.forEach((name, l) -> latencies.put(name, l.toJson()));
    return metrics().put("sent", sent).put("expected", expected).put("delivered", delivered).put("acked", acked)
      .put("latency", latencies).put("cpuNanos", cpu == null ? -1 : cpu.totalNanos())
      .put("systemCpuNanos", cpu == null ? -1 : cpu.systemNanos()).put("generatorCpuNanos", generator.cpuNanos())
      .put("generatorCpus", generator.cpus()).put("seconds", seconds).put("passed", passed());
  }

  private static double round(double value) {
    return Math.round(value * 10) / 10.0;
  }
}
