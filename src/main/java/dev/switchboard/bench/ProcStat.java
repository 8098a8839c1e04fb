package dev.switchboard.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** What Linux says about a process: CPU time from {@code /proc/PID/stat}, resident memory from {@code /proc/PID/status}. */
final class ProcStat {
  private static final Pattern RSS = Pattern.compile("VmRSS:\\s+(\\d+) kB");
  private static final long NANOS_PER_TICK = 1_000_000_000L / clockTicks();

  private ProcStat() {
  }

  /** CPU time in user space and in the kernel, in nanoseconds (at the kernel's clock-tick resolution, usually 10 ms). */
  record CpuTime(long userNanos, long systemNanos) {
    static final CpuTime ZERO = new CpuTime(0, 0);

    long totalNanos() {
      return userNanos + systemNanos;
    }

    CpuTime plus(CpuTime other) {
      return new CpuTime(userNanos + other.userNanos, systemNanos + other.systemNanos);
    }

    CpuTime minus(CpuTime earlier) {
      return new CpuTime(userNanos - earlier.userNanos, systemNanos - earlier.systemNanos);
    }
  }

  static CpuTime cpu(long pid) {
    return cpuOf(read(pid, "stat"));
  }

  /** User plus system CPU time, in nanoseconds. */
  static long cpuNanos(long pid) {
    return cpu(pid).totalNanos();
  }

  /**
   * The CPU time of a JVM's JIT compiler threads ({@code C1 CompilerThre}, {@code C2 CompilerThre},
   * as Linux names them). A compiler thread that has ended takes its time with it, so between two
   * samples this can under-count, never over-count.
   */
  static long compilerCpuNanos(long pid) {
    try (Stream<Path> threads = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
      return threads.mapToLong(ProcStat::compilerThreadCpuNanos).sum();
    } catch (IOException e) {
      throw new IllegalStateException("cannot list the threads of process " + pid, e);
    }
  }

  private static long compilerThreadCpuNanos(Path thread) {
    try {
      return Files.readString(thread.resolve("comm"), StandardCharsets.US_ASCII).contains("CompilerThre")
        ? cpuOf(Files.readString(thread.resolve("stat"), StandardCharsets.US_ASCII)).totalNanos() : 0;
    } catch (IOException e) {
      return 0;
    }
  }

  private static CpuTime cpuOf(String stat) {
    // the fields after the command name, which is in parentheses and may hold spaces; utime and stime are 14 and 15
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return new CpuTime(Long.parseLong(fields[11]) * NANOS_PER_TICK, Long.parseLong(fields[12]) * NANOS_PER_TICK);
  }

  static long rssBytes(long pid) {
    Matcher matcher = RSS.matcher(read(pid, "status"));
    return matcher.find() ? Long.parseLong(matcher.group(1)) * 1024 : 0;
  }

  /** Runs a command to its end; its output, or {@link IOException} if it failed. */
  static String run(String... command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
    return output;
  }

  private static String read(long pid, String file) {
    Path path = Path.of("/proc", Long.toString(pid), file);
    try {
      return Files.readString(path, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + path + ": is process " + pid + " still there?", e);
    }
  }

  private static long clockTicks() {
    try {
      return Long.parseLong(run("getconf", "CLK_TCK").trim());
    } catch (IOException | InterruptedException | RuntimeException e) {
      return 100;
    }
  }
}
