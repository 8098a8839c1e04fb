package dev.switchboard.testing;

import dev.switchboard.config.ConfigKeys;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A gateway node in its own JVM ({@code Main run}) that joins a {@link TestCluster}: the one kind of
 * node a test can kill with SIGKILL, so it leaves without a word, as a crashed pod does.
 */
public final class ChildNode implements AutoCloseable {
  private final Process process;
  private final int port;

  private ChildNode(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  /** Starts a node with the cluster's settings; returns once it is ready. */
  public static ChildNode start(TestCluster cluster) throws IOException {
    return start(cluster, new JsonObject());
  }

  /** Starts a node with the cluster's settings, some of them set otherwise by {@code overrides}; returns once it is ready. */
  public static ChildNode start(TestCluster cluster, JsonObject overrides) throws IOException {
    int port;
    try (var socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Path config = Files.createTempFile("switchboard-child", ".json");
    Files.writeString(config, cluster.settings().mergeIn(overrides).put(ConfigKeys.HTTP_PORT, port).encode());
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    // the Hazelcast --add-opens flags this JVM was given
    ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
      .filter(arg -> arg.startsWith("--add-") || arg.startsWith("-Dhazelcast")).forEach(command::add);
    String classpath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    command.addAll(List.of("-Xmx512m", "-D" + ConfigKeys.CONFIG_FILE_PROPERTY + "=" + config, "-cp", classpath,
      "dev.switchboard.Main", "run"));
    Path log = Path.of("target", "child-node-" + port + ".log");
    var builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    var node = new ChildNode(builder.start(), port);
    node.awaitReady(log);
    return node;
  }

  public int port() {
    return port;
  }

  /** SIGKILL: no drain, no goodbye to the cluster. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    kill();
  }

  private void awaitReady(Path log) {
    HttpClient http = HttpClient.newHttpClient();
    for (int i = 0; i < 600 && process.isAlive(); i++) {
      try {
        var response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ready")).build(),
          HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    kill();
    throw new AssertionError("the child node did not become ready; see " + log.toAbsolutePath());
  }
}
