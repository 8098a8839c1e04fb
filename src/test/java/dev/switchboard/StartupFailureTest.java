package dev.switchboard;

import com.sun.net.httpserver.HttpServer;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.MainProcess;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each way a node can fail to start, in a node of its own ({@code Main run} in a fresh JVM, from a
 * directory of its own): it must exit 1 within seconds, and say why in one JSON log line that names
 * the key or file and what to do, with no stack trace anywhere on its output.
 */
@DisplayName("A node that cannot start")
class StartupFailureTest {
  /** Failures found before the cluster is joined take a second or two; the slowest (a JWKS that never answers) about ten. */
  private static final long LIMIT_SECONDS = 30;
  private static final String NOT_STARTED = "Switchboard did not start: ";

  @TempDir
  Path dir;
  private final Map<String, String> env = new HashMap<>();
  private HttpServer identityProvider;

  @BeforeEach
  void settings() throws IOException {
    int clusterPort = 21000 + ThreadLocalRandom.current().nextInt(400) * 20;
    env.put(ConfigKeys.HTTP_PORT, "0");
    env.put(ConfigKeys.CLUSTER_NAME, "startup-" + UUID.randomUUID());
    env.put(ConfigKeys.CLUSTER_PORT, String.valueOf(clusterPort));
    env.put(ConfigKeys.CLUSTER_MEMBERS, "127.0.0.1:" + clusterPort);
    env.put(ConfigKeys.CLUSTER_CONFIG, "");
    env.put(ConfigKeys.EMBEDDED_MONGO_PORT, String.valueOf(MainProcess.freePort()));
    env.put(ConfigKeys.JWT_SECRET, TestCluster.SECRET);
    env.put(ConfigKeys.LOG_FORMAT, "json");
    // run as from the repository root, with the environment holding this test's settings
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.json"), "{}");
  }

  @AfterEach
  void stopIdentityProvider() {
    if (identityProvider != null) {
      identityProvider.stop(0);
    }
  }

  @Test
  @DisplayName("a JWKS URL that refuses the connection is named")
  void jwksRefused() throws Exception {
    env.put(ConfigKeys.JWT_JWKS_URL, "http://127.0.0.1:" + MainProcess.freePort() + "/jwks.json");
    assertFailsWith(ConfigKeys.JWT_JWKS_URL + " http://127.0.0.1:", "refused the connection");
  }

  @Test
  @DisplayName("a JWKS URL that answers 404 is named with the status")
  void jwksNotFound() throws Exception {
    env.put(ConfigKeys.JWT_JWKS_URL, identityProvider(404, "{}") + "/missing");
    assertFailsWith(ConfigKeys.JWT_JWKS_URL, "answered HTTP 404");
  }

  @Test
  @DisplayName("a JWKS URL that answers JSON without keys is named")
  void jwksNotAKeySet() throws Exception {
    env.put(ConfigKeys.JWT_JWKS_URL, identityProvider(200, "{\"issuer\": \"https://idp\"}") + "/.well-known/openid-configuration");
    assertFailsWith(ConfigKeys.JWT_JWKS_URL, "is not a JWKS");
  }

  @Test
  @DisplayName("a JWKS URL that accepts the connection and never answers times out")
  void jwksSilent() throws Exception {
    // the kernel completes the handshake for the backlog; nobody ever reads or answers
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      env.put(ConfigKeys.JWT_JWKS_URL, "http://127.0.0.1:" + silent.getLocalPort() + "/jwks.json");
      assertFailsWith(ConfigKeys.JWT_JWKS_URL, "did not answer within 5 s");
    }
  }

  @Test
  @DisplayName("the embedded database's port already taken (a local mongod) says how to use it instead")
  void embeddedPortTaken() throws Exception {
    try (ServerSocket mongod = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      env.put(ConfigKeys.EMBEDDED_MONGO_PORT, String.valueOf(mongod.getLocalPort()));
      assertFailsWith(ConfigKeys.EMBEDDED_MONGO_PORT + " " + mongod.getLocalPort() + " is taken",
        ConfigKeys.MONGO_URI + "=mongodb://127.0.0.1:" + mongod.getLocalPort());
    }
  }

  @Test
  @DisplayName("a second node on the same data directory is told to share the first one's database")
  void dataFileInUse() throws Exception {
    Process running = MainProcess.start(dir, env, List.of(), List.of("run"), "first");
    try {
      MainProcess.awaitLine(dir.resolve("first.out"), "Embedded MongoDB wire server", LIMIT_SECONDS);
      env.put(ConfigKeys.EMBEDDED_MONGO_PORT, String.valueOf(MainProcess.freePort()));
      assertFailsWith("switchboard.mv is in use by another node", "set " + ConfigKeys.MONGO_URI);
    } finally {
      running.destroyForcibly().waitFor();
    }
  }

  @Test
  @DisplayName("the HTTP port already taken is named")
  void httpPortTaken() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      env.put(ConfigKeys.HTTP_PORT, String.valueOf(taken.getLocalPort()));
      assertFailsWith(ConfigKeys.HTTP_PORT + " " + taken.getLocalPort() + " on " + ConfigKeys.HTTP_HOST + " 127.0.0.1 cannot be listened on (", "Address already in use");
    }
  }

  @Test
  @DisplayName("an unreachable database is one line, not the driver's cluster description")
  void databaseUnreachable() throws Exception {
    env.put(ConfigKeys.MONGO_URI, "mongodb://app:secret@127.0.0.1:" + MainProcess.freePort() + "/?serverSelectionTimeoutMS=1000");
    String line = assertFailsWith("MongoDB at mongodb://***@127.0.0.1:", "(" + ConfigKeys.MONGO_URI + ") could not be reached");
    assertFalse(line.contains("secret"), "the password stays out of the log: " + line);
  }

  @Test
  @DisplayName("a malformed configuration file is named with where it breaks, not ignored")
  void malformedFile() throws Exception {
    Files.writeString(dir.resolve("conf/config.json"), "{\n  \"SWITCHBOARD_HTTP_PORT\": 8080,\n}\n");
    assertFailsWith("conf/config.json is not a JSON object (line 3, column 1:");
  }

  @Test
  @DisplayName("a configuration file named on the command line that does not exist is named")
  void missingNamedFile() throws Exception {
    assertFailsWith(List.of("-D" + ConfigKeys.CONFIG_FILE_PROPERTY + "=conf/prod.json"),
      "conf/prod.json (-D" + ConfigKeys.CONFIG_FILE_PROPERTY + ") does not exist");
  }

  @Test
  @DisplayName("run from another directory, the missing conf/ is pointed out along with what it left unset")
  void anotherDirectory() throws Exception {
    env.remove(ConfigKeys.JWT_SECRET);
    Files.delete(dir.resolve("conf/config.json"));
    assertFailsWith("no token key configured", "(no conf/config.json under " + dir.toRealPath(),
      "run from the repository root");
  }

  @Test
  @DisplayName("a bad SWITCHBOARD_* value is named, without a stack trace")
  void badValue() throws Exception {
    env.put(ConfigKeys.DRAIN_SECONDS, "soon");
    assertFailsWith(ConfigKeys.DRAIN_SECONDS + " must be a whole number, got 'soon'");
  }

  @Test
  @DisplayName("a port out of range names its key")
  void portOutOfRange() throws Exception {
    env.put(ConfigKeys.HTTP_PORT, "70000");
    assertFailsWith(ConfigKeys.HTTP_PORT + " must be a port from 0 to 65535, got 70000");
  }

  @Test
  @DisplayName("RS256 without a public key says which keys would do")
  void asymmetricWithoutKey() throws Exception {
    env.put(ConfigKeys.JWT_ALGORITHM, "RS256");
    assertFailsWith(ConfigKeys.JWT_ALGORITHM + " is RS256, which verifies with a public key: set "
      + ConfigKeys.JWT_PUBLIC_KEY + " (PEM) or " + ConfigKeys.JWT_JWKS_URL);
  }

  @Test
  @DisplayName("a public key that is not PEM is refused at start-up, not token by token")
  void publicKeyNotPem() throws Exception {
    env.put(ConfigKeys.JWT_ALGORITHM, "RS256");
    env.put(ConfigKeys.JWT_PUBLIC_KEY, "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA");
    assertFailsWith(ConfigKeys.JWT_PUBLIC_KEY + " is not a PEM RSA public key for RS256");
  }

  /** Runs {@code Main run} here with {@link #env}; returns its one error line once it has checked all of the above. */
  private String assertFailsWith(String... expected) throws Exception {
    return assertFailsWith(List.of(), expected);
  }

  private String assertFailsWith(List<String> jvmOptions, String... expected) throws Exception {
    long started = System.nanoTime();
    MainProcess.Result result = MainProcess.run(dir, env, jvmOptions, List.of("run"), LIMIT_SECONDS);
    String output = result.out();
    assertEquals(1, result.exitCode(), output + result.err());
    assertEquals("", result.err(), "nothing bypasses the log encoder");
    List<JsonObject> failures = new ArrayList<>();
    for (String line : output.lines().toList()) {
      JsonObject entry;
      try {
        entry = new JsonObject(line);
      } catch (DecodeException e) {
        throw new AssertionError("a line outside the log encoder: " + line + "\nin:\n" + output);
      }
      if (entry.getString("level").equals("ERROR")) {
        failures.add(entry);
      }
    }
    assertEquals(1, failures.size(), output);
    JsonObject failure = failures.get(0);
    String message = failure.getString("message");
    assertTrue(message.startsWith(NOT_STARTED), message);
    for (String part : expected) {
      assertTrue(message.contains(part), "'" + part + "' in: " + message);
    }
    assertEquals(Files.exists(dir.resolve("conf/config.json")), !message.contains("no conf/config.json"),
      "the hint about a missing conf/ only when it is missing: " + message);
    assertFalse(failure.containsKey("stack_trace"), "a known cause needs no stack trace: " + failure.encode());
    System.out.printf("%s (%.1f s)%n", message, (System.nanoTime() - started) / 1e9);
    return message;
  }

  /** A stand-in identity provider answering every request with {@code status} and {@code body}; its base URL. */
  private String identityProvider(int status, String body) throws IOException {
    identityProvider = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    identityProvider.createContext("/", exchange -> {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "application/json");
      exchange.sendResponseHeaders(status, bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    identityProvider.start();
    return "http://127.0.0.1:" + identityProvider.getAddress().getPort();
  }
}
