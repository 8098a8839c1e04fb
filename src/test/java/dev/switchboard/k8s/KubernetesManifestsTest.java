package dev.switchboard.k8s;

import com.hazelcast.config.Config;
import com.hazelcast.config.InMemoryXmlConfig;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.MultiMapConfig;
import dev.switchboard.cluster.ClusterSetup;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.GatewayConfig;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Kubernetes deployment under {@code k8s/}, the {@code Dockerfile}, and how they fit the gateway.
 * {@code src/test/k8s/validate.js} renders the kustomize base and overlays (no kustomize binary is
 * needed) and validates every object against the Kubernetes schemas offline; this test asserts on
 * its report and cross-checks the manifests against the gateway's own code and configuration.
 */
@DisplayName("The Kubernetes manifests")
class KubernetesManifestsTest {
  private static final File VALIDATOR_DIR = new File("src/test/k8s");
  private static final String GATEWAY = "switchboard";
  private static final String HEADLESS = "switchboard-hazelcast";
  /** The namespace the base's Hazelcast XML names; the overlays set their own. */
  private static final String BASE_NAMESPACE = "switchboard";
  /** A stand-in for status.podIP when the pod's environment is resolved. */
  private static final String POD_IP = "10.1.2.3";
  /** Main's shutdown hook waits up to SWITCHBOARD_DRAIN_SECONDS plus this, for leaving the cluster. */
  private static final int SHUTDOWN_HOOK_MARGIN_SECONDS = 10;
  private static final int HTTP_PORT = 8080;
  private static final int HAZELCAST_PORT = 5701;
  private static final int EVENTBUS_PORT = 5702;

  private static JsonObject report;

  @BeforeAll
  static void render() throws Exception {
    report = validator("validate.js");
  }

  /** Runs one of the offline validators in {@code src/test/k8s} and returns the JSON report it prints. */
  static JsonObject validator(String script) throws Exception {
    assertTrue(new File(VALIDATOR_DIR, "node_modules/kubernetes-models").isDirectory(),
      "run `npm ci` in src/test/k8s first (the validator's packages are missing)");
    File out = File.createTempFile("k8s-validate", ".json");
    File err = File.createTempFile("k8s-validate", ".err");
    try {
      Process node = new ProcessBuilder("node", script).directory(VALIDATOR_DIR)
        .redirectOutput(out).redirectError(err).start();
      if (!node.waitFor(60, TimeUnit.SECONDS)) {
        node.destroyForcibly();
        fail("node " + script + " did not finish within 60 s");
      }
      String stdout = Files.readString(out.toPath());
      assertEquals(0, node.exitValue(), () -> "node " + script + " failed: " + readQuietly(err) + stdout);
      return new JsonObject(stdout);
    } finally {
      out.delete();
      err.delete();
    }
  }

  // ------------------------------------------------------------------ schema and inventory

  @Test
  @DisplayName("every object validates against the Kubernetes schema of its kind, with no unknown field")
  void schemaValid() {
    List<String> errors = strings(report.getJsonArray("errors"));
    assertEquals(List.of(), errors, () -> "validate.js found:\n" + String.join("\n", errors));
  }

  @Test
  @DisplayName("the base renders a Deployment, two Services, an Ingress, a ConfigMap, a PDB, an HPA and a NetworkPolicy, beside a Secret example")
  void expectedKinds() {
    Map<String, Long> kinds = base().stream()
      .collect(Collectors.groupingBy(o -> o.getString("kind"), LinkedHashMap::new, Collectors.counting()));
    assertEquals(1L, kinds.get("Deployment"), kinds::toString);
    assertEquals(2L, kinds.get("Service"), kinds::toString);
    for (String kind : List.of("Ingress", "ConfigMap", "PodDisruptionBudget", "HorizontalPodAutoscaler", "NetworkPolicy")) {
      assertEquals(1L, kinds.get(kind), () -> kind + " in " + kinds);
    }
    assertNotNull(service(GATEWAY));
    assertNotNull(service(HEADLESS));
    assertNotNull(secret(), "a Secret example");
    assertEquals(List.of(), base().stream().map(o -> o.getString("kind"))
        .filter(k -> k.equals("ServiceAccount") || k.endsWith("Role") || k.endsWith("RoleBinding")).toList(),
      "DNS discovery needs no Kubernetes API access, so no RBAC");
    assertTrue(configMap().getJsonObject("metadata").getString("name").matches("switchboard-config-[a-z0-9]{10}"),
      "the generated ConfigMap carries kustomize's content hash, so a config change rolls the pods");
    assertEquals(configMap().getJsonObject("metadata").getString("name"), volume(deployment(), "config")
      .getJsonObject("configMap").getString("name"), "the Deployment mounts the generated ConfigMap");
  }

  // ------------------------------------------------------------------ configuration keys

  @Test
  @DisplayName("every SWITCHBOARD_* name in the Deployment, the Secret and config.json is a key in ConfigKeys")
  void keysAreConfigKeys() throws Exception {
    Set<String> keys = configKeys();
    Set<String> used = new TreeSet<>();
    for (JsonObject env : list(container().getJsonArray("env"))) {
      String name = env.getString("name");
      if (name.startsWith("SWITCHBOARD_")) {
        used.add(name);
      } else {
        assertTrue(Set.of("POD_NAMESPACE", "JAVA_TOOL_OPTIONS").contains(name), "unexpected env " + name);
      }
    }
    used.addAll(secretData().fieldNames());
    used.addAll(configJson().fieldNames());
    Set<String> unknown = new TreeSet<>(used);
    unknown.removeAll(keys);
    assertEquals(Set.of(), unknown, "names the gateway does not read (not in ConfigKeys)");
  }

  @Test
  @DisplayName("env values and config.json agree, and config.json carries no secret")
  void envAndFileAgree() {
    JsonObject file = configJson();
    for (JsonObject env : list(container().getJsonArray("env"))) {
      String name = env.getString("name");
      if (env.containsKey("value") && file.containsKey(name)) {
        assertEquals(String.valueOf(file.getValue(name)), env.getString("value"), name + ": env and config.json differ");
      }
    }
    for (String secret : List.of(ConfigKeys.MONGO_URI, ConfigKeys.JWT_SECRET, ConfigKeys.JWT_PUBLIC_KEY)) {
      assertTrue(file.getString(secret, "").isEmpty(), secret + " belongs in the Secret, not the ConfigMap");
    }
    for (String fromEnvOnly : List.of("SWITCHBOARD_LOG_FORMAT", "SWITCHBOARD_CLUSTER_HOST")) {
      assertFalse(file.containsKey(fromEnvOnly), fromEnvOnly + " is read from the environment only");
    }
    assertEquals("json", env(container(), "SWITCHBOARD_LOG_FORMAT").getString("value"));
    assertEquals("status.podIP", env(container(), "SWITCHBOARD_CLUSTER_HOST")
      .getJsonObject("valueFrom").getJsonObject("fieldRef").getString("fieldPath"));
  }

  @Test
  @DisplayName("the pod's configuration, read as the gateway reads it, binds 0.0.0.0:8080, 5701 and 5702 on the pod IP, and finds its files in the mounted ConfigMap")
  void gatewayReadsThePodConfiguration() {
    GatewayConfig config = GatewayConfig.from(podConfiguration(deployment(), BASE_NAMESPACE));
    JsonObject c = container();
    assertEquals("0.0.0.0", config.httpHost());
    assertEquals(HTTP_PORT, config.httpPort());
    assertEquals(HTTP_PORT, containerPort(c, "http"));
    assertEquals(HAZELCAST_PORT, config.cluster().port());
    assertEquals(HAZELCAST_PORT, containerPort(c, "hazelcast"));
    assertEquals(EVENTBUS_PORT, config.cluster().eventBusPort());
    assertEquals(EVENTBUS_PORT, containerPort(c, "eventbus"));
    assertEquals(POD_IP, config.cluster().host());
    assertEquals(3, list(c.getJsonArray("ports")).size(), "only http, hazelcast and eventbus");
    assertFalse(config.embeddedMongo(), "the Mongo URI comes from the Secret");

    // java -jar in /app reads conf/config.json: the ConfigMap must be mounted at /app/conf with that key
    JsonObject data = configMap().getJsonObject("data");
    String confDir = mount(c, "config").getString("mountPath");
    assertEquals("/app/conf", confDir);
    assertTrue(data.containsKey("config.json"));
    String clusterFile = config.cluster().configFile();
    assertTrue(clusterFile.startsWith(confDir + "/"), clusterFile);
    assertTrue(data.containsKey(clusterFile.substring(confDir.length() + 1)), clusterFile + " is not in the ConfigMap");

    // ClusterSetup applies the settings over the mounted XML, as at start-up
    Path xml = writeTemp(data.getString(clusterFile.substring(confDir.length() + 1)));
    try {
      GatewayConfig.ClusterSettings settings = GatewayConfig.from(
        podConfiguration(deployment(), BASE_NAMESPACE).put(ConfigKeys.CLUSTER_CONFIG, xml.toString())).cluster();
      Config hz = ClusterSetup.clusterManager(settings).getConfig();
      JoinConfig join = hz.getNetworkConfig().getJoin();
      assertTrue(join.getKubernetesConfig().isEnabled());
      assertFalse(join.getTcpIpConfig().isEnabled());
      assertFalse(join.getMulticastConfig().isEnabled());
      assertEquals(HEADLESS + "." + BASE_NAMESPACE + ".svc.cluster.local", join.getKubernetesConfig().getProperty("service-dns"));
      assertEquals(List.of(POD_IP), List.copyOf(hz.getNetworkConfig().getInterfaces().getInterfaces()));
      assertEquals(HAZELCAST_PORT, hz.getNetworkConfig().getPort());
      assertEquals(GATEWAY, hz.getClusterName());
      assertEquals("false", hz.getProperty("hazelcast.shutdownhook.enabled"),
        "Hazelcast's own shutdown hook would leave the cluster in parallel with the drain");
      VertxOptions vertx = ClusterSetup.vertxOptions(settings);
      assertEquals(POD_IP, vertx.getEventBusOptions().getHost());
      assertEquals(EVENTBUS_PORT, vertx.getEventBusOptions().getPort());
    } finally {
      xml.toFile().delete();
    }
  }

  // ------------------------------------------------------------------ HTTP: probes, metrics, exposure

  @Test
  @DisplayName("liveness and startup probe /health, readiness probes /ready, on the HTTP port, and HttpVerticle routes both")
  void probes() throws Exception {
    JsonObject c = container();
    assertEquals("/health", probePath(c, "startupProbe"));
    assertEquals("/health", probePath(c, "livenessProbe"));
    assertEquals("/ready", probePath(c, "readinessProbe"));
    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
      assertEquals(HTTP_PORT, resolvePort(c, c.getJsonObject(probe).getJsonObject("httpGet").getValue("port")), probe);
    }
    assertTrue(c.getJsonObject("readinessProbe").getInteger("timeoutSeconds", 1) >= 3,
      "/ready waits up to 2 s for the store's ping: the probe must wait longer");
    String source = Files.readString(Path.of("src/main/java/dev/switchboard/http/HttpVerticle.java"));
    assertTrue(source.contains("\"/health\""), "HttpVerticle routes /health");
    assertTrue(source.contains("\"/ready\""), "HttpVerticle routes /ready");
  }

  @Test
  @DisplayName("Prometheus scrapes /metrics on the HTTP port, and the gateway serves that path")
  void metrics() throws Exception {
    JsonObject annotations = deployment().getJsonObject("spec").getJsonObject("template")
      .getJsonObject("metadata").getJsonObject("annotations");
    assertEquals("true", annotations.getString("prometheus.io/scrape"));
    assertEquals(String.valueOf(containerPort(container(), "http")), annotations.getString("prometheus.io/port"));
    assertEquals("/metrics", annotations.getString("prometheus.io/path"));
    List<Path> routing;
    try (var files = Files.walk(Path.of("src/main/java"))) {
      routing = files.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains("\"/metrics\"")).toList();
    }
    assertFalse(routing.isEmpty(), "no source under src/main/java routes \"/metrics\"");
  }

  @Test
  @DisplayName("clients reach only the HTTP port: the Service maps 80 to 8080 and the Ingress routes only the bridge and the API to it")
  void clientExposure() {
    JsonObject svc = service(GATEWAY);
    List<JsonObject> ports = list(svc.getJsonObject("spec").getJsonArray("ports"));
    assertEquals(1, ports.size(), "the client Service has one port");
    assertEquals(80, ports.get(0).getInteger("port"));
    assertEquals(HTTP_PORT, resolvePort(container(), ports.get(0).getValue("targetPort")));
    assertSelectsGateway(svc.getJsonObject("spec").getJsonObject("selector"));
    assertNotEquals("None", svc.getJsonObject("spec").getString("clusterIP"));

    JsonObject ingress = one("Ingress", GATEWAY);
    List<String> paths = new ArrayList<>();
    for (JsonObject rule : list(ingress.getJsonObject("spec").getJsonArray("rules"))) {
      for (JsonObject path : list(rule.getJsonObject("http").getJsonArray("paths"))) {
        paths.add(path.getString("path"));
        JsonObject backend = path.getJsonObject("backend").getJsonObject("service");
        assertEquals(GATEWAY, backend.getString("name"), "every Ingress path goes to the client Service");
        JsonObject port = backend.getJsonObject("port");
        assertTrue("http".equals(port.getString("name")) || Integer.valueOf(80).equals(port.getInteger("number")), port.encode());
      }
    }
    assertNull(ingress.getJsonObject("spec").getJsonObject("defaultBackend"));
    assertTrue(paths.contains("/eventbus"), "the bridge is routed");
    for (String internal : List.of("/", "/metrics", "/health", "/ready")) {
      assertFalse(paths.contains(internal), internal + " must not be routed from outside");
    }

    JsonObject annotations = ingress.getJsonObject("metadata").getJsonObject("annotations");
    assertEquals("cookie", annotations.getString("nginx.ingress.kubernetes.io/affinity"),
      "SockJS polling and streaming need every request of a session on one pod");
    assertNotEquals("JSESSIONID", annotations.getString("nginx.ingress.kubernetes.io/session-cookie-name", "INGRESSCOOKIE"),
      "the gateway's SockJS handler overwrites JSESSIONID");
    assertEquals("3600", annotations.getString("nginx.ingress.kubernetes.io/proxy-read-timeout"));
    assertEquals("3600", annotations.getString("nginx.ingress.kubernetes.io/proxy-send-timeout"));
    assertEquals("1.1", annotations.getString("nginx.ingress.kubernetes.io/proxy-http-version"), "WebSocket upgrade needs HTTP/1.1");
    assertEquals("off", annotations.getString("nginx.ingress.kubernetes.io/proxy-buffering"), "xhr-streaming must not be buffered");
  }

  // ------------------------------------------------------------------ cluster traffic

  @Test
  @DisplayName("the headless Service publishes every gateway pod, ready or not, on the Hazelcast port only")
  void headlessService() {
    JsonObject spec = service(HEADLESS).getJsonObject("spec");
    assertEquals("None", spec.getString("clusterIP"));
    assertEquals(Boolean.TRUE, spec.getBoolean("publishNotReadyAddresses"),
      "a pod is ready only after joining the cluster, so discovery must see pods before that");
    List<JsonObject> ports = list(spec.getJsonArray("ports"));
    assertEquals(1, ports.size());
    assertEquals(HAZELCAST_PORT, ports.get(0).getInteger("port"));
    assertEquals("hazelcast", ports.get(0).getString("name"));
    assertEquals(HAZELCAST_PORT, resolvePort(container(), ports.get(0).getValue("targetPort")));
    assertSelectsGateway(spec.getJsonObject("selector"));
    assertEquals(HEADLESS + "." + BASE_NAMESPACE + ".svc.cluster.local", serviceDns(configMap()));
  }

  @Test
  @DisplayName("the NetworkPolicy admits 5701 and 5702 only from gateway pods, and 8080 from anywhere")
  void networkPolicy() {
    JsonObject spec = one("NetworkPolicy", GATEWAY).getJsonObject("spec");
    assertSelectsGateway(spec.getJsonObject("podSelector").getJsonObject("matchLabels"));
    assertTrue(strings(spec.getJsonArray("policyTypes")).contains("Ingress"));
    boolean http = false;
    Set<Integer> cluster = new TreeSet<>();
    for (JsonObject rule : list(spec.getJsonArray("ingress"))) {
      JsonArray ports = rule.getJsonArray("ports");
      assertTrue(ports != null && !ports.isEmpty(), "a rule without ports would open every port: " + rule.encode());
      Set<Integer> numbers = list(ports).stream().map(p -> resolvePort(container(), p.getValue("port")))
        .collect(Collectors.toCollection(TreeSet::new));
      if (numbers.contains(HAZELCAST_PORT) || numbers.contains(EVENTBUS_PORT)) {
        assertEquals(Set.of(), numbers.stream().filter(n -> n != HAZELCAST_PORT && n != EVENTBUS_PORT)
          .collect(Collectors.toSet()), "the cluster ports' rule opens nothing else");
        List<JsonObject> from = list(rule.getJsonArray("from"));
        assertFalse(from.isEmpty(), "5701/5702 must name their peers");
        for (JsonObject peer : from) {
          assertEquals(Set.of("podSelector"), peer.fieldNames(), "peers are gateway pods of this namespace only: " + peer.encode());
          assertEquals(gatewayLabels(), peer.getJsonObject("podSelector").getJsonObject("matchLabels"));
          assertNull(peer.getJsonObject("podSelector").getJsonArray("matchExpressions"));
        }
        cluster.addAll(numbers);
      } else {
        assertEquals(Set.of(HTTP_PORT), numbers, "only the HTTP port is open to everyone");
        http = true;
      }
    }
    assertEquals(Set.of(HAZELCAST_PORT, EVENTBUS_PORT), cluster);
    assertTrue(http, "8080 is open to the ingress controller, Prometheus and the kubelet");
  }

  @Test
  @DisplayName("the ConfigMap's Hazelcast XML discovers members through Kubernetes DNS, with TCP-IP and multicast off")
  void hazelcastXml() throws Exception {
    String xml = configMap().getJsonObject("data").getString("cluster-kubernetes.xml");
    Document doc = DocumentBuilderFactory.newDefaultNSInstance().newDocumentBuilder()
      .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    Element join = only(doc.getDocumentElement(), "join");
    assertEquals("true", only(join, "kubernetes").getAttribute("enabled"));
    assertEquals("false", only(join, "tcp-ip").getAttribute("enabled"));
    assertEquals("false", only(join, "multicast").getAttribute("enabled"));
    assertEquals("false", only(join, "auto-detection").getAttribute("enabled"));
    Element port = only(doc.getDocumentElement(), "port");
    assertEquals(String.valueOf(HAZELCAST_PORT), port.getTextContent().trim());
    assertEquals("false", port.getAttribute("auto-increment"), "Hazelcast must not drift onto the event-bus port");

    Config config = new InMemoryXmlConfig(xml);
    JoinConfig hzJoin = config.getNetworkConfig().getJoin();
    assertTrue(hzJoin.getKubernetesConfig().isEnabled());
    assertFalse(hzJoin.getTcpIpConfig().isEnabled());
    assertFalse(hzJoin.getMulticastConfig().isEnabled());
    assertEquals(HEADLESS + "." + BASE_NAMESPACE + ".svc.cluster.local", hzJoin.getKubernetesConfig().getProperty("service-dns"));
    assertEquals(HAZELCAST_PORT, config.getNetworkConfig().getPort());
    assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
    MultiMapConfig subs = config.getMultiMapConfigs().get("__vertx.subs");
    assertNotNull(subs, "Vert.x's subscription multimap");
    assertEquals(1, subs.getBackupCount());
    assertEquals(MultiMapConfig.ValueCollectionType.SET, subs.getValueCollectionType());
    for (String map : List.of("__vertx.haInfo", "__vertx.nodeInfo")) {
      assertNotNull(config.getMapConfigs().get(map), map);
      assertEquals(1, config.getMapConfigs().get(map).getBackupCount(), map);
    }
  }

  // ------------------------------------------------------------------ JVM, shutdown, security

  @Test
  @DisplayName("JAVA_TOOL_OPTIONS carries pom.xml's Hazelcast module flags, in the --flag=value form the JVM accepts there,"
    + " MaxRAMPercentage and the collector docs/benchmarks.md chose")
  void javaToolOptions() throws Exception {
    List<String> tokens = Arrays.asList(env(container(), "JAVA_TOOL_OPTIONS").getString("value").trim().split("\\s+"));
    List<String> required = new ArrayList<>(List.of(
      "--add-modules=java.se",
      "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.management/sun.management=ALL-UNNAMED",
      "--add-opens=jdk.management/com.sun.management.internal=ALL-UNNAMED",
      "-XX:MaxRAMPercentage=75",
      "-XX:+UseShenandoahGC"));
    // and whatever pom.xml gives the tests' JVM
    Matcher opens = Pattern.compile("<hazelcast\\.opens>(.*?)</hazelcast\\.opens>", Pattern.DOTALL)
      .matcher(Files.readString(Path.of("pom.xml")));
    if (opens.find()) {
      Matcher flag = Pattern.compile("(--add-\\w+)\\s+(\\S+)").matcher(opens.group(1));
      while (flag.find()) {
        required.add(flag.group(1) + "=" + flag.group(2));
      }
    }
    for (String flag : required) {
      assertTrue(tokens.contains(flag), "JAVA_TOOL_OPTIONS lacks " + flag);
    }
    for (String token : tokens) {
      assertFalse(token.matches("--add-(opens|exports|modules|reads)"),
        "'" + token + " value' is the launcher's form; in JAVA_TOOL_OPTIONS the JVM refuses to start with it");
    }
  }

  @Test
  @DisplayName("terminationGracePeriodSeconds covers the preStop sleep, the drain budget and the shutdown hook's margin")
  void gracePeriod() {
    JsonObject pod = podSpec(deployment());
    int sleep = preStopSleepSeconds(container());
    int drain = GatewayConfig.from(podConfiguration(deployment(), BASE_NAMESPACE)).drainSeconds();
    int grace = pod.getInteger("terminationGracePeriodSeconds", 30);
    assertTrue(sleep >= 2, "the preStop sleep lets endpoints be removed before the drain starts: " + sleep);
    assertEquals(20, drain, "SWITCHBOARD_DRAIN_SECONDS");
    assertTrue(grace >= sleep + drain + SHUTDOWN_HOOK_MARGIN_SECONDS,
      "terminationGracePeriodSeconds " + grace + " < preStop " + sleep + " + drain " + drain
        + " + margin " + SHUTDOWN_HOOK_MARGIN_SECONDS);
  }

  @Test
  @DisplayName("the pod runs as a non-root user on a read-only root filesystem, with writable /app/data and /tmp and no API token")
  void security() {
    JsonObject pod = podSpec(deployment());
    JsonObject podSecurity = pod.getJsonObject("securityContext");
    assertEquals(Boolean.TRUE, podSecurity.getBoolean("runAsNonRoot"));
    assertNotEquals(0, podSecurity.getInteger("runAsUser"));
    JsonObject c = container();
    JsonObject security = c.getJsonObject("securityContext");
    assertEquals(Boolean.TRUE, security.getBoolean("readOnlyRootFilesystem"));
    assertEquals(Boolean.FALSE, security.getBoolean("allowPrivilegeEscalation"));
    assertEquals(List.of("ALL"), strings(security.getJsonObject("capabilities").getJsonArray("drop")));
    for (String dir : List.of("/app/data", "/tmp")) {
      JsonObject mount = list(c.getJsonArray("volumeMounts")).stream()
        .filter(m -> dir.equals(m.getString("mountPath"))).findFirst().orElseThrow(() -> new AssertionError(dir + " is not mounted"));
      assertNotNull(volume(deployment(), mount.getString("name")).getJsonObject("emptyDir"), dir + " is an emptyDir");
      assertFalse(mount.getBoolean("readOnly", false), dir + " is writable");
    }
    assertEquals(Boolean.FALSE, pod.getBoolean("automountServiceAccountToken"));
    assertEquals(Boolean.FALSE, pod.getBoolean("enableServiceLinks"),
      "the Service 'switchboard' would inject SWITCHBOARD_SERVICE_HOST, SWITCHBOARD_PORT, ...");
    JsonObject resources = c.getJsonObject("resources");
    for (String kind : List.of("requests", "limits")) {
      assertTrue(resources.getJsonObject(kind).containsKey("cpu") && resources.getJsonObject(kind).containsKey("memory"), kind);
    }
  }

  @Test
  @DisplayName("the Dockerfile builds with Maven and runs the jar on a JRE 17 as the non-root user the pod expects")
  void dockerfile() throws Exception {
    List<String> lines = dockerfileInstructions(Files.readString(Path.of("Dockerfile")));
    List<String> froms = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertEquals(2, froms.size(), "a build stage and a runtime stage");
    assertTrue(froms.get(0).matches("FROM maven:3\\.9-eclipse-temurin-17 AS \\w+"), froms.get(0));
    assertEquals("FROM eclipse-temurin:17-jre", froms.get(1));
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("RUN ") && l.contains("mvn -B -q package -DskipTests")));

    List<String> runtime = lines.subList(lines.indexOf(froms.get(1)), lines.size());
    List<String> users = runtime.stream().filter(l -> l.startsWith("USER ")).toList();
    assertFalse(users.isEmpty(), "the runtime stage sets a USER");
    String user = users.get(users.size() - 1).substring(5).trim().split(":")[0];
    assertTrue(user.matches("\\d+"), "a numeric USER lets runAsNonRoot verify it: " + user);
    assertNotEquals(0, Integer.parseInt(user));
    assertEquals(Integer.parseInt(user), podSpec(deployment()).getJsonObject("securityContext").getInteger("runAsUser"));
    assertTrue(runtime.contains("WORKDIR /app"));
    assertTrue(runtime.stream().anyMatch(l -> l.matches("COPY --from=\\w+ \\S*target/switchboard\\.jar /app/switchboard\\.jar")));
    assertEquals(List.of(), lines.stream().filter(l -> l.startsWith("COPY ") && l.contains("conf")).toList(),
      "no configuration is built in: the development one has a secret and binds 127.0.0.1 (ContainerTest)");
    String expose = runtime.stream().filter(l -> l.startsWith("EXPOSE ")).findFirst().orElse("");
    assertEquals(Set.of("8080", "5701", "5702"), Set.of(expose.substring(Math.min(7, expose.length())).trim().split("\\s+")));
    String entrypoint = runtime.stream().filter(l -> l.startsWith("ENTRYPOINT ")).findFirst().orElseThrow();
    assertEquals(List.of("java", "-XX:+UseShenandoahGC", "-jar", "/app/switchboard.jar"),
      strings(new JsonArray(entrypoint.substring(11).trim())), "the collector chosen in docs/benchmarks.md (issue 19)");

    Set<String> ignored = Files.readAllLines(Path.of(".dockerignore")).stream().map(String::trim).collect(Collectors.toSet());
    assertTrue(ignored.containsAll(Set.of("target", "data", "node_modules", ".git")), ignored.toString());
  }

  // ------------------------------------------------------------------ the rest of the base

  @Test
  @DisplayName("the Secret example holds every key the Deployment requires from it")
  void secretKeys() {
    JsonObject data = secretData();
    String name = secret().getJsonObject("metadata").getString("name");
    for (JsonObject env : list(container().getJsonArray("env"))) {
      JsonObject ref = env.getJsonObject("valueFrom") == null ? null : env.getJsonObject("valueFrom").getJsonObject("secretKeyRef");
      if (ref == null) {
        continue;
      }
      assertEquals(name, ref.getString("name"), env.getString("name"));
      assertEquals(env.getString("name"), ref.getString("key"), "each Secret key is named after its config key");
      if (!ref.getBoolean("optional", false)) {
        assertTrue(data.containsKey(ref.getString("key")), ref.getString("key") + " is missing from the Secret example");
      }
    }
    assertTrue(env(container(), ConfigKeys.MONGO_URI).getJsonObject("valueFrom").containsKey("secretKeyRef"));
    assertTrue(env(container(), ConfigKeys.JWT_PUBLIC_KEY).getJsonObject("valueFrom").containsKey("secretKeyRef"));
  }

  @Test
  @DisplayName("the PDB, the HPA, the anti-affinity and the Services all select the gateway's pods")
  void selectors() {
    JsonObject pdb = one("PodDisruptionBudget", GATEWAY).getJsonObject("spec");
    assertEquals(1, pdb.getInteger("maxUnavailable"));
    assertSelectsGateway(pdb.getJsonObject("selector").getJsonObject("matchLabels"));
    JsonObject hpa = one("HorizontalPodAutoscaler", GATEWAY).getJsonObject("spec");
    assertEquals("Deployment", hpa.getJsonObject("scaleTargetRef").getString("kind"));
    assertEquals(GATEWAY, hpa.getJsonObject("scaleTargetRef").getString("name"));
    assertTrue(hpa.getInteger("minReplicas") >= 2, "a single member would lose the cluster's backups");
    assertTrue(list(hpa.getJsonArray("metrics")).stream()
      .anyMatch(m -> "cpu".equals(m.getJsonObject("resource", new JsonObject()).getString("name"))));
    JsonObject spec = deployment().getJsonObject("spec");
    assertEquals(3, spec.getInteger("replicas"));
    assertEquals(gatewayLabels(), spec.getJsonObject("selector").getJsonObject("matchLabels"));
    JsonObject term = podSpec(deployment()).getJsonObject("affinity").getJsonObject("podAntiAffinity")
      .getJsonArray("preferredDuringSchedulingIgnoredDuringExecution").getJsonObject(0).getJsonObject("podAffinityTerm");
    assertEquals("kubernetes.io/hostname", term.getString("topologyKey"));
    assertSelectsGateway(term.getJsonObject("labelSelector").getJsonObject("matchLabels"));
  }

  @Test
  @DisplayName("the example overlay puts everything in its namespace, pins the image and names that namespace in the Hazelcast DNS")
  void exampleOverlay() {
    JsonObject overlay = report.getJsonObject("overlays").getJsonObject("example");
    assertNotNull(overlay, "k8s/overlays/example");
    List<JsonObject> objects = list(overlay.getJsonArray("rendered"));
    assertEquals(base().size(), objects.size());
    String namespace = objects.get(0).getJsonObject("metadata").getString("namespace");
    assertEquals(BASE_NAMESPACE, namespace);
    for (JsonObject o : objects) {
      assertEquals(namespace, o.getJsonObject("metadata").getString("namespace"), o.getString("kind"));
    }
    JsonObject deployment = objects.stream().filter(o -> "Deployment".equals(o.getString("kind"))).findFirst().orElseThrow();
    assertEquals(3, deployment.getJsonObject("spec").getInteger("replicas"));
    String image = podSpec(deployment).getJsonArray("containers").getJsonObject(0).getString("image");
    assertNotEquals(container().getString("image"), image, "the overlay sets the image");
    assertTrue(image.matches(".+/switchboard:[\\w.-]+") && !image.endsWith(":latest"), image);

    JsonObject configMap = objects.stream().filter(o -> "ConfigMap".equals(o.getString("kind"))).findFirst().orElseThrow();
    String expected = HEADLESS + "." + namespace + ".svc.cluster.local";
    assertEquals(expected, serviceDns(configMap), "the XML must name the overlay's namespace");
    assertEquals(expected, podConfiguration(deployment, namespace).getString(ConfigKeys.CLUSTER_SERVICE_DNS));
  }

  @Test
  @DisplayName("the MongoDB example is a 3-member replica set behind a headless Service, which the Secret example's URI names")
  void mongoExample() {
    List<JsonObject> objects = list(report.getJsonArray("objects"));
    List<JsonObject> rendered = list(report.getJsonArray("rendered"));
    JsonObject statefulSet = null;
    JsonObject service = null;
    for (int i = 0; i < objects.size(); i++) {
      if (!"examples/mongodb.yaml".equals(objects.get(i).getString("source"))) {
        continue;
      }
      if ("StatefulSet".equals(rendered.get(i).getString("kind"))) {
        statefulSet = rendered.get(i);
      } else if ("Service".equals(rendered.get(i).getString("kind"))) {
        service = rendered.get(i);
      }
    }
    assertNotNull(statefulSet);
    assertNotNull(service);
    assertEquals(3, statefulSet.getJsonObject("spec").getInteger("replicas"));
    String serviceName = statefulSet.getJsonObject("spec").getString("serviceName");
    assertEquals(service.getJsonObject("metadata").getString("name"), serviceName);
    assertEquals("None", service.getJsonObject("spec").getString("clusterIP"));
    List<String> args = strings(podSpec(statefulSet).getJsonArray("containers").getJsonObject(0).getJsonArray("args"));
    String replicaSet = args.get(args.indexOf("--replSet") + 1);
    String uri = secretData().getString(ConfigKeys.MONGO_URI);
    assertTrue(uri.contains("replicaSet=" + replicaSet), uri);
    for (int i = 0; i < 3; i++) {
      String host = statefulSet.getJsonObject("metadata").getString("name") + "-" + i + "." + serviceName + ":27017";
      assertTrue(uri.contains(host), host + " in " + uri);
    }
  }

  @Test
  @DisplayName("the Grafana dashboard is valid JSON whose panels query Prometheus through the data-source variable")
  void grafanaDashboard() throws Exception {
    JsonObject dashboard = new JsonObject(Files.readString(Path.of("k8s/grafana-dashboard.json")));
    assertNotNull(dashboard.getString("title"));
    assertTrue(list(dashboard.getJsonObject("templating").getJsonArray("list")).stream()
      .anyMatch(v -> "datasource".equals(v.getString("type")) && "prometheus".equals(v.getString("query"))));
    List<JsonObject> panels = list(dashboard.getJsonArray("panels"));
    assertTrue(panels.size() >= 6, "panels: " + panels.size());
    Set<Integer> ids = new TreeSet<>();
    for (JsonObject panel : panels) {
      assertTrue(ids.add(panel.getInteger("id")), "duplicate panel id " + panel.getInteger("id"));
      assertEquals("${datasource}", panel.getJsonObject("datasource").getString("uid"), panel.getString("title"));
      List<JsonObject> targets = list(panel.getJsonArray("targets"));
      assertFalse(targets.isEmpty(), panel.getString("title"));
      targets.forEach(t -> assertFalse(t.getString("expr", "").isBlank(), panel.getString("title")));
    }

    // latency tails come from the histograms' buckets, summed over pods by their bound: a mean and a max hide them
    List<String> exprs = panels.stream().flatMap(p -> list(p.getJsonArray("targets")).stream())
      .map(t -> t.getString("expr")).toList();
    for (String histogram : List.of("switchboard_http_requests_seconds", "switchboard_store_write_seconds")) {
      for (String quantile : List.of("0.95", "0.99")) {
        Pattern read = Pattern.compile("histogram_quantile\\(" + Pattern.quote(quantile) + ", sum by \\((le|le, \\w+)\\) \\(rate\\("
          + histogram + "_bucket\\{");
        assertTrue(exprs.stream().anyMatch(e -> read.matcher(e).lookingAt()), "a panel reads p" + quantile.substring(2)
          + " of " + histogram);
      }
    }

    // every gateway meter it charts is one the gateway registers (switchboard_a_b_total <- "switchboard.a.b")
    String sources;
    try (var files = Files.walk(Path.of("src/main/java"))) {
      sources = files.filter(p -> p.toString().endsWith(".java")).map(KubernetesManifestsTest::read).collect(Collectors.joining("\n"));
    }
    Matcher meter = Pattern.compile("\\bswitchboard_[a-z_]+").matcher(Files.readString(Path.of("k8s/grafana-dashboard.json")));
    Set<String> missing = new TreeSet<>();
    while (meter.find()) {
      String name = meter.group().replaceFirst("(_seconds)?(_total|_count|_sum|_max|_bucket)?$", "").replace('_', '.');
      if (!sources.contains("\"" + name + "\"")) {
        missing.add(meter.group());
      }
    }
    assertEquals(Set.of(), missing, "the dashboard charts meters the gateway does not register");
  }

  // ------------------------------------------------------------------ helpers

  /** The kustomize-rendered base and the standalone files beside it (the Secret example). */
  private static List<JsonObject> base() {
    List<JsonObject> objects = list(report.getJsonArray("objects"));
    List<JsonObject> rendered = list(report.getJsonArray("rendered"));
    List<JsonObject> out = new ArrayList<>();
    for (int i = 0; i < objects.size(); i++) {
      if ("base".equals(objects.get(i).getString("source"))) {
        out.add(rendered.get(i));
      }
    }
    return out;
  }

  private static JsonObject one(String kind, String name) {
    return base().stream()
      .filter(o -> kind.equals(o.getString("kind")) && name.equals(o.getJsonObject("metadata").getString("name")))
      .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the base"));
  }

  private static JsonObject deployment() {
    return one("Deployment", GATEWAY);
  }

  private static JsonObject service(String name) {
    return one("Service", name);
  }

  private static JsonObject configMap() {
    return base().stream().filter(o -> "ConfigMap".equals(o.getString("kind"))).findFirst()
      .orElseThrow(() -> new AssertionError("no ConfigMap in the base"));
  }

  private static JsonObject secret() {
    List<JsonObject> objects = list(report.getJsonArray("objects"));
    List<JsonObject> rendered = list(report.getJsonArray("rendered"));
    for (int i = 0; i < objects.size(); i++) {
      if ("Secret".equals(objects.get(i).getString("kind")) && objects.get(i).getString("source").startsWith("base")) {
        return rendered.get(i);
      }
    }
    return null;
  }

  private static JsonObject secretData() {
    JsonObject secret = secret();
    assertNotNull(secret, "a Secret example under k8s/base");
    return secret.getJsonObject("stringData", secret.getJsonObject("data", new JsonObject()));
  }

  private static JsonObject configJson() {
    return new JsonObject(configMap().getJsonObject("data").getString("config.json"));
  }

  private static JsonObject podSpec(JsonObject workload) {
    return workload.getJsonObject("spec").getJsonObject("template").getJsonObject("spec");
  }

  private static JsonObject container() {
    List<JsonObject> containers = list(podSpec(deployment()).getJsonArray("containers"));
    assertEquals(1, containers.size());
    return containers.get(0);
  }

  private static JsonObject env(JsonObject container, String name) {
    return list(container.getJsonArray("env")).stream().filter(e -> name.equals(e.getString("name"))).findFirst()
      .orElseThrow(() -> new AssertionError("no env " + name));
  }

  private static JsonObject volume(JsonObject workload, String name) {
    return list(podSpec(workload).getJsonArray("volumes")).stream().filter(v -> name.equals(v.getString("name")))
      .findFirst().orElseThrow(() -> new AssertionError("no volume " + name));
  }

  private static JsonObject mount(JsonObject container, String volume) {
    return list(container.getJsonArray("volumeMounts")).stream().filter(m -> volume.equals(m.getString("name")))
      .findFirst().orElseThrow(() -> new AssertionError("volume " + volume + " is not mounted"));
  }

  private static int containerPort(JsonObject container, String name) {
    return list(container.getJsonArray("ports")).stream().filter(p -> name.equals(p.getString("name")))
      .findFirst().orElseThrow(() -> new AssertionError("no container port " + name)).getInteger("containerPort");
  }

  /** A Service targetPort, probe port or policy port: a number, or the name of a container port. */
  private static int resolvePort(JsonObject container, Object port) {
    return port instanceof Number number ? number.intValue() : containerPort(container, (String) port);
  }

  private static String probePath(JsonObject container, String probe) {
    JsonObject p = container.getJsonObject(probe);
    assertNotNull(p, probe);
    return p.getJsonObject("httpGet").getString("path");
  }

  private static int preStopSleepSeconds(JsonObject container) {
    JsonObject preStop = container.getJsonObject("lifecycle").getJsonObject("preStop");
    if (preStop.containsKey("sleep")) {
      return preStop.getJsonObject("sleep").getInteger("seconds");
    }
    List<String> command = strings(preStop.getJsonObject("exec").getJsonArray("command"));
    assertTrue(command.get(0).endsWith("sleep") && command.size() == 2, "preStop: " + command);
    return Integer.parseInt(command.get(1));
  }

  private static JsonObject gatewayLabels() {
    return podSpecLabels(deployment());
  }

  private static JsonObject podSpecLabels(JsonObject workload) {
    return workload.getJsonObject("spec").getJsonObject("template").getJsonObject("metadata").getJsonObject("labels");
  }

  private static void assertSelectsGateway(JsonObject selector) {
    assertNotNull(selector);
    assertFalse(selector.isEmpty(), "an empty selector selects every pod");
    JsonObject labels = gatewayLabels();
    for (String key : selector.fieldNames()) {
      assertEquals(labels.getValue(key), selector.getValue(key), "selector " + selector.encode() + " misses the gateway pods");
    }
  }

  /**
   * The configuration a gateway pod reads: config.json from the ConfigMap, then the container's
   * environment over it (as ConfigLoader does), with the downward API, the Secret example and
   * Kubernetes' $(VAR) expansion resolved.
   */
  private static JsonObject podConfiguration(JsonObject deployment, String namespace) {
    JsonObject merged = configJson().copy();
    Map<String, String> env = new LinkedHashMap<>();
    JsonObject secret = secretData();
    for (JsonObject e : list(podSpec(deployment).getJsonArray("containers").getJsonObject(0).getJsonArray("env"))) {
      String value;
      if (e.containsKey("value")) {
        value = expand(e.getString("value"), env);
      } else {
        JsonObject from = e.getJsonObject("valueFrom");
        if (from.containsKey("fieldRef")) {
          String field = from.getJsonObject("fieldRef").getString("fieldPath");
          value = switch (field) {
            case "status.podIP" -> POD_IP;
            case "metadata.namespace" -> namespace;
            default -> throw new AssertionError("unexpected fieldRef " + field);
          };
        } else if (from.containsKey("secretKeyRef")) {
          value = secret.getString(from.getJsonObject("secretKeyRef").getString("key"));
        } else {
          throw new AssertionError("unexpected valueFrom " + from.encode());
        }
      }
      if (value != null) {
        env.put(e.getString("name"), value);
      }
    }
    env.forEach(merged::put);
    return merged;
  }

  private static String expand(String value, Map<String, String> env) {
    Matcher m = Pattern.compile("\\$\\((\\w+)\\)").matcher(value);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String replacement = env.get(m.group(1));
      assertNotNull(replacement, "$(" + m.group(1) + ") is not defined before it is used");
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(out).toString();
  }

  private static String serviceDns(JsonObject configMap) {
    String xml = configMap.getJsonObject("data").getString("cluster-kubernetes.xml");
    return new InMemoryXmlConfig(xml).getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns");
  }

  /** The ConfigKeys constants that name configuration keys. */
  static Set<String> configKeys() throws IllegalAccessException {
    Set<String> keys = new TreeSet<>();
    for (Field field : ConfigKeys.class.getFields()) {
      int mod = field.getModifiers();
      if (Modifier.isStatic(mod) && Modifier.isFinal(mod) && field.getType() == String.class) {
        String value = (String) field.get(null);
        if (value.startsWith("SWITCHBOARD_")) {
          keys.add(value);
        }
      }
    }
    return keys;
  }

  private static Element only(Element parent, String localName) {
    NodeList nodes = parent.getElementsByTagNameNS("*", localName);
    assertEquals(1, nodes.getLength(), "<" + localName + "> elements");
    return (Element) nodes.item(0);
  }

  /** Dockerfile instructions, one per entry, with continuations joined and comments dropped. */
  static List<String> dockerfileInstructions(String text) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("#") || (line.isEmpty() && current.length() == 0)) {
        continue;
      }
      boolean continued = line.endsWith("\\");
      current.append(continued ? line.substring(0, line.length() - 1).strip() : line).append(' ');
      if (!continued) {
        out.add(current.toString().strip().replaceAll("\\s+", " "));
        current.setLength(0);
      }
    }
    return out;
  }

  private static Path writeTemp(String content) {
    try {
      Path file = Files.createTempFile("cluster-kubernetes", ".xml");
      Files.writeString(file, content);
      return file;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String readQuietly(File file) {
    try {
      return Files.readString(file.toPath());
    } catch (Exception e) {
      return "";
    }
  }

  private static List<JsonObject> list(JsonArray array) {
    List<JsonObject> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        out.add(array.getJsonObject(i));
      }
    }
    return out;
  }

  private static List<String> strings(JsonArray array) {
    List<String> out = new ArrayList<>();
    if (array != null) {
      for (int i = 0; i < array.size(); i++) {
        out.add(array.getString(i));
      }
    }
    return out;
  }
}
