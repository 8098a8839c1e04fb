package dev.switchboard.k8s;

import dev.switchboard.auth.TokenVerifier;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.testing.MainProcess;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The container image (its {@code Dockerfile}) as a user runs it, and {@code compose.yaml}, which
 * runs two nodes of it and a MongoDB. {@code src/test/k8s/compose.js} validates the compose file
 * offline against the Compose Specification's schema; this test reads the image's and the
 * services' environment as the gateway reads it.
 */
@DisplayName("The container image and compose.yaml")
class ContainerTest {
  private static final Pattern ENV = Pattern.compile("ENV (\\w+)=(\\S+)");
  /** Compose's ${NAME}, ${NAME:-default} and ${NAME-default}. */
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{(\\w+)(:?-([^}]*))?}");
  private static final List<String> GATEWAYS = List.of("gateway-a", "gateway-b");
  private static final String MONGO = "mongo";
  private static final int HTTP_PORT = 8080;
  private static final String REAL_SECRET = "0123456789abcdef0123456789abcdef0123456789abcdef";
  /** Main's shutdown hook waits up to SWITCHBOARD_DRAIN_SECONDS plus this, for leaving the cluster. */
  private static final int SHUTDOWN_HOOK_MARGIN_SECONDS = 10;

  private static JsonObject report;
  private static JsonObject compose;

  @BeforeAll
  static void validate() throws Exception {
    report = KubernetesManifestsTest.validator("compose.js");
    compose = report.getJsonObject("compose");
  }

  // ------------------------------------------------------------------ the image

  @Test
  @DisplayName("the image sets only the bind address, 0.0.0.0, and read as the gateway reads it carries no key")
  void imageEnvironment() throws Exception {
    Map<String, String> env = imageEnvironment(Files.readString(Path.of("Dockerfile")));
    assertEquals(Map.of(ConfigKeys.HTTP_HOST, "0.0.0.0"), env);
    GatewayConfig config = GatewayConfig.from(new JsonObject(Map.copyOf(env)));
    assertEquals("0.0.0.0", config.httpHost());
    assertEquals(HTTP_PORT, config.httpPort());
    var refusal = assertThrows(IllegalArgumentException.class, () -> TokenVerifier.check(config.jwt()));
    assertTrue(refusal.getMessage().startsWith("no token key configured"), refusal.getMessage());
  }

  @Test
  @DisplayName("the image given no key, or a secret too short to be one, refuses to start with one line that says what to set")
  void imageRefusesWithoutKey(@TempDir Path app) throws Exception {
    // as in the image: a working directory with the jar's code and no conf/, the image's environment
    Map<String, String> env = new HashMap<>(imageEnvironment(Files.readString(Path.of("Dockerfile"))));
    env.put(ConfigKeys.LOG_FORMAT, "json");
    assertRefused(app, env, "Switchboard did not start: no token key configured: set " + ConfigKeys.JWT_SECRET + ", "
      + ConfigKeys.JWT_PUBLIC_KEY + " or " + ConfigKeys.JWT_JWKS_URL);
    env.put(ConfigKeys.JWT_SECRET, "changeme");
    assertRefused(app, env, "Switchboard did not start: " + ConfigKeys.JWT_SECRET + " is 8 bytes, and HS256 needs at least 32");
  }

  private static void assertRefused(Path app, Map<String, String> env, String expected) throws Exception {
    var result = MainProcess.run(app, env, List.of(), List.of("run"), 30);
    String output = result.out();
    assertEquals(1, result.exitCode(), output + result.err());
    assertEquals("", result.err(), "nothing bypasses the log encoder");
    List<String> errors = output.lines().filter(line -> line.contains("\"level\":\"ERROR\"")).toList();
    assertEquals(1, errors.size(), output);
    assertTrue(errors.get(0).contains(expected), errors.get(0));
    assertFalse(output.contains("stack_trace"), "a known cause needs no stack trace: " + output);
  }

  // ------------------------------------------------------------------ compose.yaml

  @Test
  @DisplayName("compose.yaml validates against the Compose Specification's schema")
  void schemaValid() {
    List<String> errors = report.getJsonArray("errors").stream().map(Object::toString).toList();
    assertEquals(List.of(), errors, () -> "compose.js found:\n" + String.join("\n", errors));
  }

  @Test
  @DisplayName("it runs two gateway nodes built from the Dockerfile, each on its own host port to 8080, and a MongoDB that is not published")
  void twoNodesAndADatabase() {
    assertEquals(Set.of("gateway-a", "gateway-b", MONGO), services().fieldNames());
    Set<String> hostPorts = new TreeSet<>();
    for (String name : GATEWAYS) {
      JsonObject gateway = service(name);
      assertEquals(".", gateway.getValue("build"), name + " is built from this Dockerfile");
      List<String> ports = gateway.getJsonArray("ports").stream().map(Object::toString).toList();
      assertEquals(1, ports.size(), name + ": only HTTP is published; Hazelcast stays between the nodes");
      String[] mapping = ports.get(0).split(":");
      assertEquals(String.valueOf(HTTP_PORT), mapping[1], name);
      hostPorts.add(mapping[0]);
      assertEquals("service_healthy", gateway.getJsonObject("depends_on").getJsonObject(MONGO).getString("condition"),
        name + " starts once the database answers");
    }
    assertEquals(Set.of("8080", "8081"), hostPorts);
    assertFalse(service(MONGO).containsKey("ports"), "the database is reached by the nodes only");
    assertTrue(service(MONGO).getString("image").startsWith("mongo:"));
    assertTrue(service(MONGO).containsKey("healthcheck"));
  }

  @Test
  @DisplayName("every SWITCHBOARD_* name is a configuration key, and no key or secret is written in the file")
  void noSecret() throws Exception {
    Set<String> keys = KubernetesManifestsTest.configKeys();
    for (String name : GATEWAYS) {
      JsonObject env = service(name).getJsonObject("environment");
      Set<String> unknown = new TreeSet<>(env.fieldNames());
      unknown.removeAll(keys);
      assertEquals(Set.of(), unknown, name + ": names the gateway does not read");
      for (String secret : List.of(ConfigKeys.JWT_SECRET, ConfigKeys.JWT_PUBLIC_KEY, ConfigKeys.JWT_JWKS_URL)) {
        assertEquals("${" + secret + ":-}", env.getString(secret), name + " takes " + secret + " from the caller's environment");
      }
    }
    String text = Files.readString(Path.of("compose.yaml"));
    String devSecret = new JsonObject(Files.readString(Path.of("conf/config.json"))).getString(ConfigKeys.JWT_SECRET);
    assertFalse(text.contains(devSecret), "the development secret");
    assertFalse(text.contains("BEGIN"), "a PEM key");
  }

  @Test
  @DisplayName("each node, read as the gateway reads it, listens on 0.0.0.0:8080, binds Hazelcast to its own fixed address, lists both, and uses the MongoDB service")
  void nodesFormOneCluster() throws Exception {
    Map<String, String> caller = Map.of(ConfigKeys.JWT_SECRET, REAL_SECRET);
    Set<String> hosts = new TreeSet<>();
    for (String name : GATEWAYS) {
      GatewayConfig config = GatewayConfig.from(new JsonObject(Map.copyOf(nodeEnvironment(name, caller))));
      assertEquals("0.0.0.0", config.httpHost(), name);
      assertEquals(HTTP_PORT, config.httpPort(), name);
      String address = service(name).getJsonObject("networks").getJsonObject("switchboard").getString("ipv4_address");
      assertEquals(address, config.cluster().host(), name + " announces the address it has on the network");
      assertTrue(config.cluster().members().contains(address + ":" + config.cluster().port()), name + ": " + config.cluster());
      assertEquals("", config.cluster().configFile(), name + " uses Hazelcast's TCP-IP join, not a file the image lacks");
      assertTrue(config.cluster().eventBusPort() > 0, name + ": a fixed event-bus port");
      assertTrue(config.mongoUri().startsWith("mongodb://" + MONGO + ":27017"), name + ": " + config.mongoUri());
      TokenVerifier.check(config.jwt());
      hosts.add(address);
    }
    assertEquals(2, hosts.size(), "each node has its own address");
    assertEquals(GatewayConfig.from(new JsonObject(Map.copyOf(nodeEnvironment("gateway-a", caller)))).cluster().members(),
      GatewayConfig.from(new JsonObject(Map.copyOf(nodeEnvironment("gateway-b", caller)))).cluster().members());
  }

  @Test
  @DisplayName("started without a key in the caller's environment, a node would refuse to start")
  void refusesWithoutKey() {
    for (String name : GATEWAYS) {
      GatewayConfig config = GatewayConfig.from(new JsonObject(Map.copyOf(nodeEnvironment(name, Map.of()))));
      var refusal = assertThrows(IllegalArgumentException.class, () -> TokenVerifier.check(config.jwt()));
      assertTrue(refusal.getMessage().startsWith("no token key configured"), refusal.getMessage());
    }
  }

  @Test
  @DisplayName("Docker waits for the drain and leaving the cluster before it kills a node")
  void gracePeriod() {
    for (String name : GATEWAYS) {
      GatewayConfig config = GatewayConfig.from(new JsonObject(Map.copyOf(nodeEnvironment(name, Map.of()))));
      Duration grace = Duration.parse("PT" + service(name).getString("stop_grace_period").toUpperCase());
      assertTrue(grace.toSeconds() >= config.drainSeconds() + SHUTDOWN_HOOK_MARGIN_SECONDS, name + ": " + grace);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static JsonObject services() {
    return compose.getJsonObject("services");
  }

  private static JsonObject service(String name) {
    return services().getJsonObject(name);
  }

  /** The runtime stage's ENV settings. */
  private static Map<String, String> imageEnvironment(String dockerfile) {
    List<String> lines = KubernetesManifestsTest.dockerfileInstructions(dockerfile);
    int runtime = 0;
    for (int i = 0; i < lines.size(); i++) {
      runtime = lines.get(i).startsWith("FROM ") ? i : runtime;
    }
    Map<String, String> env = new HashMap<>();
    for (String line : lines.subList(runtime, lines.size())) {
      Matcher setting = ENV.matcher(line);
      if (line.startsWith("ENV ")) {
        assertTrue(setting.matches(), "one NAME=value per ENV: " + line);
        env.put(setting.group(1), setting.group(2));
      }
    }
    return env;
  }

  /** What a node's process sees: the image's environment, then the service's, its ${...} taken from {@code caller}. */
  private static Map<String, String> nodeEnvironment(String name, Map<String, String> caller) {
    Map<String, String> env = new HashMap<>();
    try {
      env.putAll(imageEnvironment(Files.readString(Path.of("Dockerfile"))));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    service(name).getJsonObject("environment").forEach(entry -> env.put(entry.getKey(),
      VARIABLE.matcher(String.valueOf(entry.getValue())).replaceAll(variable -> Matcher.quoteReplacement(
        caller.getOrDefault(variable.group(1), variable.group(3) == null ? "" : variable.group(3))))));
    return env;
  }
}
