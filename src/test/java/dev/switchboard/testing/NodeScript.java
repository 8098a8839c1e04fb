package dev.switchboard.testing;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs one of the interop scripts under {@code src/test/interop} with Node and the npm clients the
 * build installed, and checks that it ends with {@code NAME: N passed, 0 failed}; or any command
 * (the examples), checking that it succeeds.
 */
public final class NodeScript {
  private static final File DIR = new File("src/test/interop");
  private static final long TIMEOUT_SECONDS = 90;

  private NodeScript() {
  }

  /** Runs {@code script} with {@code env}; returns its output once it passed all {@code checks}. */
  public static String run(String script, Map<String, String> env, int checks) throws Exception {
    return run(script, env, checks, (line, answer) -> { });
  }

  /**
   * Like {@link #run(String, Map, int)}; {@code onLine} sees each line as it comes and may answer on the
   * script's standard input (a script that asks the test to act, say to kill a node, waits for a line).
   */
  public static String run(String script, Map<String, String> env, int checks, LineHandler onLine) throws Exception {
    String output = exec(DIR, List.of("node", script), env, onLine);
    String name = script.replace(".js", "");
    assertTrue(output.contains(name + ": " + checks + " passed, 0 failed"), output);
    return output;
  }

  /**
   * Runs {@code command} in {@code dir} with {@code env} added to this process's environment; returns
   * its output (standard output and error, interleaved) once it exited 0 within the time limit.
   */
  public static String exec(File dir, List<String> command, Map<String, String> env) throws Exception {
    return exec(dir, command, env, (line, answer) -> { });
  }

  private static String exec(File dir, List<String> command, Map<String, String> env, LineHandler onLine) throws Exception {
    var builder = new ProcessBuilder(command).directory(dir).redirectErrorStream(true);
    builder.environment().putAll(env);
    Process node = builder.start();
    StringBuilder output = new StringBuilder();
    try (var lines = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
         OutputStream stdin = node.getOutputStream()) {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        output.append(line).append('\n');
        onLine.handle(line, answer -> {
          try {
            stdin.write((answer + "\n").getBytes(StandardCharsets.UTF_8));
            stdin.flush();
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        });
      }
    }
    assertTrue(node.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS), command + " did not finish within " + TIMEOUT_SECONDS + " s");
    assertEquals(0, node.exitValue(), output.toString());
    return output.toString();
  }

  /** Sees a line of the script's output, and may answer it. */
  @FunctionalInterface
  public interface LineHandler {
    void handle(String line, Consumer<String> answer) throws Exception;
  }
}
