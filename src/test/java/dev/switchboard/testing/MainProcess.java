package dev.switchboard.testing;

import dev.switchboard.Main;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The command line as a user runs it: {@link Main} in a JVM of its own, from a directory of the
 * test's, with only the {@code SWITCHBOARD_*} variables the test gives. Its exit and its output
 * are the real ones, {@code System.exit} included.
 */
public final class MainProcess {

  /** How a run ended: its exit code, standard output and standard error. */
  public record Result(int exitCode, String out, String err) {
  }

  private MainProcess() {
  }

  /** {@code java [jvmOptions] dev.switchboard.Main args...}, with the Hazelcast flags this JVM was given. */
  public static List<String> command(List<String> jvmOptions, List<String> args) {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
      .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-Dhazelcast")).forEach(command::add);
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    // a short-lived JVM starts faster without the optimising compiler
    command.addAll(List.of("-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp", classpath));
    command.addAll(jvmOptions);
    command.add(Main.class.getName());
    command.addAll(args);
    return command;
  }

  /** Starts {@link #command} in {@code dir} with {@code env}, output to files there. */
  public static Process start(Path dir, Map<String, String> env, List<String> jvmOptions, List<String> args, String name)
    throws IOException {
    var builder = new ProcessBuilder(command(jvmOptions, args)).directory(dir.toFile())
      .redirectOutput(dir.resolve(name + ".out").toFile()).redirectError(dir.resolve(name + ".err").toFile());
    builder.environment().keySet().removeIf(key -> key.startsWith("SWITCHBOARD_"));
    builder.environment().putAll(env);
    return builder.start();
  }

  /** Runs it to its end; fails the test when it is still running after {@code limitSeconds}. */
  public static Result run(Path dir, Map<String, String> env, List<String> jvmOptions, List<String> args,
                           long limitSeconds) throws IOException, InterruptedException {
    Process process = start(dir, env, jvmOptions, args, "main");
    boolean exited = process.waitFor(limitSeconds, TimeUnit.SECONDS);
    if (!exited) {
      process.destroyForcibly().waitFor();
    }
    String out = Files.readString(dir.resolve("main.out"), StandardCharsets.UTF_8);
    String err = Files.readString(dir.resolve("main.err"), StandardCharsets.UTF_8);
    assertTrue(exited, "still running after " + limitSeconds + " s; its output:\n" + out + err);
    return new Result(process.exitValue(), out, err);
  }

  /** Waits until {@code log} has a line containing {@code text}, and returns that line; fails the test after {@code limitSeconds}. */
  public static String awaitLine(Path log, String text, long limitSeconds) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(limitSeconds);
    while (true) {
      var found = Files.exists(log) ? Files.readAllLines(log).stream().filter(line -> line.contains(text)).findFirst()
        : Optional.<String>empty();
      if (found.isPresent()) {
        return found.get();
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no '" + text + "' within " + limitSeconds + " s in " + log);
      }
      TimeUnit.MILLISECONDS.sleep(50);
    }
  }

  /** A loopback port nothing listens on just now. */
  public static int freePort() throws IOException {
    try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return probe.getLocalPort();
    }
  }
}
