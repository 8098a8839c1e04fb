package dev.switchboard;

import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MainProcess;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as typed: usage on request, and a mistyped option refused by name, never ignored. */
@DisplayName("The command line")
class CommandLineTest {
  /** None of these starts a node: each is over in about a second. */
  private static final long LIMIT_SECONDS = 20;

  @TempDir
  Path dir;

  private MainProcess.Result run(String... args) throws Exception {
    return MainProcess.run(dir, Map.of(ConfigKeys.JWT_SECRET, TestCluster.SECRET), List.of(), List.of(args), LIMIT_SECONDS);
  }

  @Test
  @DisplayName("every command prints its usage on --help, on stdout, and exits 0")
  void help() throws Exception {
    for (var asked : List.of(List.of("--help", Main.USAGE), List.of("run", Main.RUN_USAGE),
      List.of("token", Main.TOKEN_USAGE), List.of("db", Main.DB_USAGE), List.of("conformance", Main.CONFORMANCE_USAGE))) {
      var result = asked.get(0).equals("--help") ? run("--help") : run(asked.get(0), "--help");
      assertEquals(0, result.exitCode(), result.err());
      assertEquals(asked.get(1).strip(), result.out().strip());
    }
    var bench = run("bench", "-h");
    assertEquals(0, bench.exitCode(), bench.err());
    assertTrue(bench.out().startsWith("usage: switchboard bench"), bench.out());
  }

  @Test
  @DisplayName("an unknown option is refused with its name and the usage, exit 2, and no token is printed")
  void unknownOption() throws Exception {
    var result = run("token", "--sub", "7", "--role", "agent", "--depts", "3");
    assertEquals(2, result.exitCode());
    assertEquals("", result.out(), "no token without the departments asked for");
    assertEquals("unknown option --depts\n" + Main.TOKEN_USAGE.strip(), result.err().strip());
  }

  @Test
  @DisplayName("unknown commands, stray words, arguments to run and a bad --port are refused the same way")
  void otherMistakes() throws Exception {
    Map<List<String>, String> mistakes = Map.of(
      List.of("frobnicate"), "unknown command 'frobnicate'",
      List.of("token", "--sub", "7", "agent"), "token takes only --options, got 'agent'",
      List.of("token", "--sub", "7"), "token needs --sub ID and --role customer|agent|admin|service",
      List.of("token", "--sub", "7", "--role", "agent", "--ttl", "1w"), "--ttl must be a positive number of seconds",
      List.of("run", "--port", "8081"), "run takes no arguments, got '--port'",
      List.of("db", "--port", "27018"), "db takes no arguments, got '--port'",
      List.of("conformance", "--port", "x"), "--port must be a whole number, not 'x'");
    for (var mistake : mistakes.entrySet()) {
      var result = run(mistake.getKey().toArray(String[]::new));
      assertEquals(2, result.exitCode(), mistake.getKey() + ": " + result.err());
      assertTrue(result.err().startsWith(mistake.getValue()), mistake.getKey() + ": " + result.err());
    }
  }

  @Test
  @DisplayName("--dept may be repeated and comma-separated")
  void departments() throws Exception {
    var result = run("token", "--sub", "7", "--role", "agent", "--name", "Ana, the agent", "--dept", "3",
      "--dept", "4,5");
    assertEquals(0, result.exitCode(), result.err());
    JsonObject claims = new JsonObject(new String(Base64.getUrlDecoder().decode(result.out().strip().split("\\.")[1]),
      StandardCharsets.UTF_8));
    assertEquals(new JsonArray().add("3").add("4").add("5"), claims.getJsonArray("depts"));
    assertEquals("Ana, the agent", claims.getString("name"));
  }

  @Test
  @DisplayName("run starts a node that warns of nothing but its development secret, says where it is and how to mint a"
    + " token, and on SIGTERM drains and says so")
  void upAndDown() throws Exception {
    int clusterPort = 22000 + ThreadLocalRandom.current().nextInt(400) * 20;
    Map<String, String> env = Map.of(ConfigKeys.JWT_SECRET, TestCluster.SECRET, ConfigKeys.LOG_FORMAT, "json",
      ConfigKeys.HTTP_PORT, "0", ConfigKeys.CLUSTER_NAME, TestCluster.fresh("up-"),
      ConfigKeys.CLUSTER_PORT, String.valueOf(clusterPort), ConfigKeys.CLUSTER_MEMBERS, "127.0.0.1:" + clusterPort,
      ConfigKeys.CLUSTER_CONFIG, "", ConfigKeys.EMBEDDED_MONGO_PORT, String.valueOf(MainProcess.freePort()));
    Process node = MainProcess.start(dir, env, List.of(), List.of("run"), "node");
    Path log = dir.resolve("node.out");
    try {
      String up = new JsonObject(MainProcess.awaitLine(log, "Switchboard is up", LIMIT_SECONDS)).getString("message");
      assertTrue(up.matches("Switchboard is up on http://127\\.0\\.0\\.1:\\d+ \\((epoll|nio) transport\\)\\. Mint a token"
        + " with: java dev\\.switchboard\\.Main token --sub 7 --role agent"), up);
      node.destroy();
      assertTrue(node.waitFor(LIMIT_SECONDS, TimeUnit.SECONDS), "SIGTERM ends the node");
    } finally {
      node.destroyForcibly().waitFor();
    }
    List<JsonObject> lines = Files.readAllLines(log).stream().map(JsonObject::new).toList();
    assertEquals(List.of("*** Tokens are verified with a shared HS256 secret"), lines.stream()
      .filter(line -> !line.getString("level").equals("INFO")).map(line -> line.getString("message").substring(0, 50))
      .toList(), "warnings at start-up");
    assertTrue(lines.stream().anyMatch(line -> line.getString("message").startsWith("Drain finished in ")));
  }
}
