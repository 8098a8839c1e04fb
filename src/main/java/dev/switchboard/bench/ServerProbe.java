package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's processes: CPU time and resident memory from Linux ({@link ProcStat}), and the heap
 * left after a full collection, from {@code jcmd} for the gateway's JVM or from the Socket.IO peer's
 * {@code /stats} (which runs {@code global.gc()} under {@code --expose-gc}). Each figure is summed
 * over the processes.
 */
final class ServerProbe {
  /**
   * A heap line of {@code GC.heap_info}: one per generation (Serial, Parallel), one for the heap (G1),
   * ZGC's one line, which counts in megabytes, or Shenandoah's, in whichever unit fits.
   */
  private static final Pattern HEAP_USED = Pattern.compile(
    "total \\d+K, used (\\d+)K|ZHeap\\s+used (\\d+)M|committed, (\\d+)([KMG]) used");

  private final List<Long> pids;
  private final boolean jvm;
  private final List<Target> targets;
  private final HttpClient http;

  ServerProbe(List<Long> pids, boolean jvm, List<Target> targets, HttpClient http) {
    this.pids = pids;
    this.jvm = jvm;
    this.targets = targets;
    this.http = http;
  }

  /** False when no server process was named, so there is nothing to sample. */
  boolean present() {
    return !pids.isEmpty();
  }

  ProcStat.CpuTime cpu() {
    return pids.stream().map(ProcStat::cpu).reduce(ProcStat.CpuTime.ZERO, ProcStat.CpuTime::plus);
  }

  long cpuNanos() {
    return cpu().totalNanos();
  }

  /** The part of {@link #cpuNanos()} spent by the JVM's JIT compiler threads (0 for the Node peer). */
  long compilerCpuNanos() {
    return jvm ? pids.stream().mapToLong(ProcStat::compilerCpuNanos).sum() : 0;
  }

  long rssBytes() {
    return pids.stream().mapToLong(ProcStat::rssBytes).sum();
  }

  private static long usedBytes(Matcher line) {
    if (line.group(1) != null) {
      return Long.parseLong(line.group(1)) * 1024;
    }
    if (line.group(2) != null) {
      return Long.parseLong(line.group(2)) * 1024 * 1024;
    }
    int shift = switch (line.group(4)) {
      case "K" -> 10;
      case "M" -> 20;
      default -> 30;
    };
    return Long.parseLong(line.group(3)) << shift;
  }

  /** Forces a full collection in each server process, then reads the heap in use. */
  long heapAfterGcBytes() throws IOException, InterruptedException {
    long bytes = 0;
    if (jvm) {
      for (long pid : pids) {
        ProcStat.run("jcmd", Long.toString(pid), "GC.run");
        Matcher matcher = HEAP_USED.matcher(ProcStat.run("jcmd", Long.toString(pid), "GC.heap_info"));
        if (!matcher.find()) {
          throw new IllegalStateException("jcmd GC.heap_info of " + pid + " shows no heap in use");
        }
        do {
          bytes += usedBytes(matcher);
        } while (matcher.find());
      }
    } else {
      for (Target target : targets) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + target.host() + ":" + target.port() + "/stats"))
          .timeout(Duration.ofSeconds(30)).build();
        bytes += new JsonObject(http.send(request, HttpResponse.BodyHandlers.ofString()).body()).getLong("heapUsed");
      }
    }
    return bytes;
  }
}
