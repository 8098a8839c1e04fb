package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server's processes as Linux and their runtime see them: CPU time from {@code /proc/PID/stat},
 * resident memory from {@code /proc/PID/status}, and the heap left after a full collection, from
 * {@code jcmd} for the gateway's JVM or from the Socket.IO peer's {@code /stats} (which runs
 * {@code global.gc()} under {@code --expose-gc}). Each figure is summed over the processes.
 */
final class ServerProbe {
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  /** A heap line of {@code GC.heap_info}: one per generation (Serial, Parallel) or one for the heap (G1). */
  private static final Pattern HEAP_USED = Pattern.compile("total \\d+K, used (\\d+)K");

  private final List<Long> pids;
  private final boolean jvm;
  private final List<Target> targets;
  private final HttpClient http;
  private final long ticksPerSecond;

  ServerProbe(List<Long> pids, boolean jvm, List<Target> targets, HttpClient http) {
    this.pids = pids;
    this.jvm = jvm;
    this.targets = targets;
    this.http = http;
    this.ticksPerSecond = pids.isEmpty() ? 100 : clockTicks();
  }

  /** False when no server process was named, so there is nothing to sample. */
  boolean present() {
    return !pids.isEmpty();
  }

  /** User plus system CPU time of the server's processes, in nanoseconds. */
  long cpuNanos() {
    long ticks = 0;
    for (long pid : pids) {
      String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
      // fields after the command name, which is in parentheses and may hold spaces; utime and stime are 14 and 15
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
    return ticks * (1_000_000_000L / ticksPerSecond);
  }

  long rssBytes() {
    long kb = 0;
    for (long pid : pids) {
      Matcher matcher = RSS.matcher(read(Path.of("/proc", Long.toString(pid), "status")));
      kb += matcher.find() ? Long.parseLong(matcher.group(1)) : 0;
    }
    return kb * 1024;
  }

  /** Forces a full collection in each server process, then reads the heap in use. */
  long heapAfterGcBytes() throws IOException, InterruptedException {
    long bytes = 0;
    if (jvm) {
      for (long pid : pids) {
        run("jcmd", Long.toString(pid), "GC.run");
        Matcher matcher = HEAP_USED.matcher(run("jcmd", Long.toString(pid), "GC.heap_info"));
        if (!matcher.find()) {
          throw new IllegalStateException("jcmd GC.heap_info of " + pid + " shows no heap in use");
        }
        do {
          bytes += Long.parseLong(matcher.group(1)) * 1024;
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

  private static String read(Path path) {
    try {
      return Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path + ": is the server process still there?", e);
    }
  }

  private static long clockTicks() {
    try {
      return Long.parseLong(run("getconf", "CLK_TCK").trim());
    } catch (IOException | InterruptedException | RuntimeException e) {
      return 100;
    }
  }

  private static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }
}
