package dev.switchboard.config;

import dev.switchboard.auth.ClaimNames;
import dev.switchboard.auth.Role;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.switchboard.config.ConfigKeys.*;

/**
 * The gateway's settings, parsed once from the merged configuration.
 * An empty {@code mongoUri} means: start the embedded MongoDB wire server.
 */
public record GatewayConfig(
  String httpHost,
  int httpPort,
  String dataDir,
  String mongoUri,
  String mongoDb,
  int embeddedMongoPort,
  ClusterSettings cluster,
  JwtSettings jwt,
  int maxBodyBytes,
  int maxFrameBytes,
  boolean websocketDeflate,
  long pingTimeoutMs,
  int drainSeconds,
  long presenceHeartbeatMs,
  String authCookie,
  List<String> corsOrigins,
  SocketIoSettings socketIo,
  Map<String, RateLimit> rateLimits,
  int connectsPerSecond,
  int eventLoops,
  PlatformUrls platforms) {

  /** The external platforms' API bases (no trailing slash), configurable so tests can stand in for them. */
  public record PlatformUrls(String telegram, String instagram) {
    public static final String TELEGRAM = "https://api.telegram.org";
    public static final String INSTAGRAM = "https://graph.instagram.com/v22.0";
  }

  /**
   * Hazelcast membership and the event-bus endpoint of this node. {@code configFile} names a
   * Hazelcast XML to start from (empty: TCP-IP defaults); {@code serviceDns} is the headless
   * Service for Kubernetes discovery.
   */
  public record ClusterSettings(String name, String host, int port, List<String> members, int eventBusPort,
                                String configFile, String serviceDns) {
  }

  /**
   * How tokens are verified: an HS256 secret, a PEM public key, or a JWKS URL; and the longest a
   * token may still be valid for, which also bounds what the {@code token} command mints.
   */
  public record JwtSettings(String algorithm, String secret, String publicKey, String jwksUrl,
                            String issuer, String audience, Duration maxLifetime, ClaimNames claims) {
    public static final Duration DEFAULT_MAX_LIFETIME = Duration.ofDays(365);
    /** The secret conf/config.json ships with: it is public, so tokens it verifies prove nothing. */
    public static final String DEVELOPMENT_SECRET = "dev-only-secret-change-me-0123456789abcdef";

    public boolean symmetric() {
      return algorithm.startsWith("HS");
    }

    /** Whether tokens are verified with {@link #DEVELOPMENT_SECRET} (no public key or key set takes its place). */
    public boolean development() {
      return jwksUrl.isBlank() && publicKey.isBlank() && symmetric() && DEVELOPMENT_SECRET.equals(secret);
    }
  }

  /** Where Socket.IO is served and which vocabulary each namespace speaks; how long recovery waits. */
  public record SocketIoSettings(List<SocketIoEndpoint> endpoints, long recoveryMs) {
    public static final String DEFAULT_ENDPOINTS = "/api/socket_io|/=chat,/socket.io|/=chat";
  }

  /** One namespace at one path, speaking one profile (a client's event names and shapes). */
  public record SocketIoEndpoint(String path, String namespace, String profile) {
  }

  /**
   * The largest WebSocket message or SockJS request body. A frame over {@code maxFrameBytes} but
   * within this gets a {@code PAYLOAD_TOO_LARGE} error and the session stays; a bigger one is
   * refused by the socket layer and the connection is lost.
   */
  public int maxMessageBytes() {
    return 4 * maxFrameBytes;
  }

  /**
   * Reads the typed configuration. Values from the environment arrive as strings, so numbers are
   * accepted either way; a missing or malformed required value fails start-up with the key's name.
   */
  public static GatewayConfig from(JsonObject json) {
    var cluster = new ClusterSettings(
      string(json, CLUSTER_NAME, "switchboard"),
      string(json, CLUSTER_HOST, "127.0.0.1"),
      port(json, CLUSTER_PORT, 5701),
      list(string(json, CLUSTER_MEMBERS, "127.0.0.1")),
      port(json, EVENTBUS_PORT, 0),
      string(json, CLUSTER_CONFIG, ""),
      string(json, CLUSTER_SERVICE_DNS, ""));
    var jwt = new JwtSettings(
      string(json, JWT_ALGORITHM, "HS256"),
      string(json, JWT_SECRET, ""),
      string(json, JWT_PUBLIC_KEY, ""),
      string(json, JWT_JWKS_URL, ""),
      string(json, JWT_ISSUER, "switchboard"),
      string(json, JWT_AUDIENCE, "switchboard"),
      Duration.ofSeconds(atLeast(integer(json, JWT_MAX_LIFETIME_SECONDS, (int) JwtSettings.DEFAULT_MAX_LIFETIME.toSeconds()),
        1, JWT_MAX_LIFETIME_SECONDS)),
      new ClaimNames(string(json, JWT_ROLE_CLAIM, "role"), string(json, JWT_DEPTS_CLAIM, "depts"),
        roleMap(string(json, JWT_ROLE_MAP, ""))));
    return new GatewayConfig(
      string(json, HTTP_HOST, "127.0.0.1"),
      port(json, HTTP_PORT, 8080),
      string(json, DATA_DIR, "data"),
      string(json, MONGO_URI, ""),
      string(json, MONGO_DB, "switchboard"),
      port(json, EMBEDDED_MONGO_PORT, 27017),
      cluster,
      jwt,
      integer(json, MAX_BODY_BYTES, 8192),
      integer(json, MAX_FRAME_BYTES, 65536),
      bool(json, WS_DEFLATE, false),
      integer(json, PING_TIMEOUT_MS, 15000),
      integer(json, DRAIN_SECONDS, 20),
      atLeast(integer(json, PRESENCE_HEARTBEAT_MS, 5000), 100, PRESENCE_HEARTBEAT_MS),
      string(json, AUTH_COOKIE, "switchboard_token"),
      list(string(json, CORS_ORIGINS, "")),
      new SocketIoSettings(endpoints(json.getValue(SOCKETIO_ENDPOINTS)),
        atLeast(integer(json, SOCKETIO_RECOVERY_MS, 120_000), 0, SOCKETIO_RECOVERY_MS)),
      rateLimits(string(json, RATE_LIMITS, RateLimit.DEFAULTS)),
      atLeast(integer(json, CONNECT_RATE, 500), 1, CONNECT_RATE),
      eventLoops(atLeast(integer(json, EVENT_LOOPS, 0), 0, EVENT_LOOPS)),
      new PlatformUrls(base(string(json, TELEGRAM_API_URL, PlatformUrls.TELEGRAM)),
        base(string(json, INSTAGRAM_API_URL, PlatformUrls.INSTAGRAM))));
  }

  /** 0 is one loop per CPU core, as Vert.x sizes its pools ({@code -XX:ActiveProcessorCount} and container limits count). */
  private static int eventLoops(int configured) {
    return configured == 0 ? Runtime.getRuntime().availableProcessors() : configured;
  }

  /** A base URL without its trailing slash, as the paths after it start with one. */
  private static String base(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static Map<String, RateLimit> rateLimits(String text) {
    return text.equalsIgnoreCase("none") ? Map.of() : RateLimit.parse(RATE_LIMITS, list(text));
  }

  /** {@code idp-name=role,...}, each role one of the gateway's. */
  static Map<String, String> roleMap(String text) {
    Map<String, String> map = new HashMap<>();
    for (String entry : list(text)) {
      String[] pair = entry.split("=", 2);
      if (pair.length != 2 || pair[0].isBlank() || Role.parse(pair[1].trim()).isEmpty()) {
        throw new IllegalArgumentException(JWT_ROLE_MAP + " entries must be NAME=ROLE with ROLE one of customer, agent,"
          + " admin, service, got '" + entry + "'");
      }
      map.put(pair[0].trim(), pair[1].trim());
    }
    return map;
  }

  /** A JSON array of {@code {path, namespace, profile}}, or {@code PATH|NAMESPACE=PROFILE,...}. */
  static List<SocketIoEndpoint> endpoints(Object value) {
    if (value instanceof JsonArray array) {
      List<SocketIoEndpoint> endpoints = new ArrayList<>();
      for (Object entry : array) {
        if (!(entry instanceof JsonObject spec) || !(spec.getValue("path") instanceof String path)
          || !(spec.getValue("profile") instanceof String profile)) {
          throw new IllegalArgumentException(SOCKETIO_ENDPOINTS + " entries must be {\"path\", \"namespace\", \"profile\"}, got " + entry);
        }
        endpoints.add(endpoint(path, spec.getString("namespace", "/"), profile));
      }
      return List.copyOf(endpoints);
    }
    String text = value == null || value.toString().isBlank() ? SocketIoSettings.DEFAULT_ENDPOINTS : value.toString();
    return list(text).stream().map(GatewayConfig::endpoint).toList();
  }

  private static SocketIoEndpoint endpoint(String text) {
    Matcher matcher = ENDPOINT.matcher(text);
    if (!matcher.matches()) {
      throw new IllegalArgumentException(SOCKETIO_ENDPOINTS + " entries must be PATH|NAMESPACE=PROFILE, e.g. "
        + "/socket.io|/=chat, got '" + text + "'");
    }
    return endpoint(matcher.group(1), matcher.group(2), matcher.group(3));
  }

  private static SocketIoEndpoint endpoint(String path, String namespace, String profile) {
    if (!path.startsWith("/") || !namespace.startsWith("/") || profile.isBlank()) {
      throw new IllegalArgumentException(SOCKETIO_ENDPOINTS + ": a path and a namespace start with '/', and a profile is"
        + " named, got " + path + "|" + namespace + "=" + profile);
    }
    String trimmed = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    return new SocketIoEndpoint(trimmed, namespace, profile);
  }

  private static final Pattern ENDPOINT = Pattern.compile("\\s*([^|=\\s]+)\\|([^|=\\s]+)=([\\w-]+)\\s*");

  private static final int MAX_PORT = 65535;

  /** A TCP port, 0 for any free one. */
  private static int port(JsonObject json, String key, int fallback) {
    int port = integer(json, key, fallback);
    if (port < 0 || port > MAX_PORT) {
      throw new IllegalArgumentException(key + " must be a port from 0 to " + MAX_PORT + ", got " + port);
    }
    return port;
  }

  private static int atLeast(int value, int min, String key) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be at least " + min + ", got " + value);
    }
    return value;
  }

  public boolean embeddedMongo() {
    return mongoUri.isBlank();
  }

  public GatewayConfig withMongoUri(String uri) {
    return new GatewayConfig(httpHost, httpPort, dataDir, uri, mongoDb, embeddedMongoPort, cluster, jwt,
      maxBodyBytes, maxFrameBytes, websocketDeflate, pingTimeoutMs, drainSeconds, presenceHeartbeatMs, authCookie,
      corsOrigins, socketIo, rateLimits, connectsPerSecond, eventLoops, platforms);
  }

  private static String string(JsonObject json, String key, String fallback) {
    Object value = json.getValue(key);
    return value == null ? fallback : value.toString().trim();
  }

  private static int integer(JsonObject json, String key, int fallback) {
    Object value = json.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    try {
      return Integer.parseInt(value.toString().trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a whole number, got '" + value + "'");
    }
  }

  private static boolean bool(JsonObject json, String key, boolean fallback) {
    Object value = json.getValue(key);
    if (value == null || value.toString().isBlank()) {
      return fallback;
    }
    return switch (value.toString().trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw new IllegalArgumentException(key + " must be true or false, got '" + value + "'");
    };
  }

  private static List<String> list(String commaSeparated) {
    return Arrays.stream(commaSeparated.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }
}
