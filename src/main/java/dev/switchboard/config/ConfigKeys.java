package dev.switchboard.config;

/**
 * Every configuration key the gateway reads. A key is the same name in {@code conf/config.json}
 * and in the environment, so an environment variable of that name overrides the file.
 */
public final class ConfigKeys {
  public static final String HTTP_HOST = "SWITCHBOARD_HTTP_HOST";
  public static final String HTTP_PORT = "SWITCHBOARD_HTTP_PORT";
  public static final String DATA_DIR = "SWITCHBOARD_DATA_DIR";
  public static final String MONGO_URI = "SWITCHBOARD_MONGO_URI";
  public static final String MONGO_DB = "SWITCHBOARD_MONGO_DB";
  public static final String EMBEDDED_MONGO_PORT = "SWITCHBOARD_EMBEDDED_MONGO_PORT";
  public static final String CLUSTER_NAME = "SWITCHBOARD_CLUSTER_NAME";
  public static final String CLUSTER_HOST = "SWITCHBOARD_CLUSTER_HOST";
  public static final String CLUSTER_PORT = "SWITCHBOARD_CLUSTER_PORT";
  public static final String CLUSTER_MEMBERS = "SWITCHBOARD_CLUSTER_MEMBERS";
  public static final String EVENTBUS_PORT = "SWITCHBOARD_EVENTBUS_PORT";
  public static final String CLUSTER_CONFIG = "SWITCHBOARD_CLUSTER_CONFIG";
  public static final String CLUSTER_SERVICE_DNS = "SWITCHBOARD_CLUSTER_SERVICE_DNS";
  public static final String JWT_ALGORITHM = "SWITCHBOARD_JWT_ALGORITHM";
  public static final String JWT_SECRET = "SWITCHBOARD_JWT_SECRET";
  public static final String JWT_PUBLIC_KEY = "SWITCHBOARD_JWT_PUBLIC_KEY";
  public static final String JWT_JWKS_URL = "SWITCHBOARD_JWT_JWKS_URL";
  public static final String JWT_ISSUER = "SWITCHBOARD_JWT_ISSUER";
  public static final String JWT_AUDIENCE = "SWITCHBOARD_JWT_AUDIENCE";
  /** Tokens that expire further from now than this many seconds are refused. */
  public static final String JWT_MAX_LIFETIME_SECONDS = "SWITCHBOARD_JWT_MAX_LIFETIME_SECONDS";
  /** The dotted path of the role claim, for identity providers that keep it elsewhere ({@code app_metadata.role}). */
  public static final String JWT_ROLE_CLAIM = "SWITCHBOARD_JWT_ROLE_CLAIM";
  /** The dotted path of the departments claim. */
  public static final String JWT_DEPTS_CLAIM = "SWITCHBOARD_JWT_DEPTS_CLAIM";
  /** The provider's role names to the gateway's: {@code authenticated=customer,support=agent}. */
  public static final String JWT_ROLE_MAP = "SWITCHBOARD_JWT_ROLE_MAP";
  public static final String MAX_BODY_BYTES = "SWITCHBOARD_MAX_BODY_BYTES";
  public static final String MAX_FRAME_BYTES = "SWITCHBOARD_MAX_FRAME_BYTES";
  public static final String PING_TIMEOUT_MS = "SWITCHBOARD_PING_TIMEOUT_MS";
  /** Whether WebSockets may negotiate per-message deflate: a compressor per socket, off unless asked for. */
  public static final String WS_DEFLATE = "SWITCHBOARD_WS_DEFLATE";
  public static final String DRAIN_SECONDS = "SWITCHBOARD_DRAIN_SECONDS";
  /**
   * The event loops that hold a node's connections, each with its own sessions, room registry and
   * frame encodings; 0 (the default) is one per CPU core the JVM sees.
   */
  public static final String EVENT_LOOPS = "SWITCHBOARD_EVENT_LOOPS";
  /**
   * Each user's budget per command, on all their devices and all nodes: {@code COMMAND=COUNT/PERIOD,...}
   * ({@code internal-chat:message=30/1m}); {@code none} for no limits.
   */
  public static final String RATE_LIMITS = "SWITCHBOARD_RATE_LIMITS";
  /** New connections one node accepts per second (WebSocket upgrades and Socket.IO connects), in bursts of as many. */
  public static final String CONNECT_RATE = "SWITCHBOARD_CONNECT_RATE";
  /** The cookie a web client's token may come in, for clients that send credentials. */
  public static final String AUTH_COOKIE = "SWITCHBOARD_AUTH_COOKIE";
  /** Comma-separated origins whose browsers may use the auth cookie and Socket.IO's polling with credentials. */
  public static final String CORS_ORIGINS = "SWITCHBOARD_CORS_ORIGINS";
  /**
   * The Socket.IO endpoints: in the file a JSON array of {@code {path, namespace, profile}}, in the
   * environment {@code PATH|NAMESPACE=PROFILE,...}.
   */
  public static final String SOCKETIO_ENDPOINTS = "SWITCHBOARD_SOCKETIO_ENDPOINTS";
  /** How long a Socket.IO client that lost its connection may come back and get what it missed; 0 turns recovery off. */
  public static final String SOCKETIO_RECOVERY_MS = "SWITCHBOARD_SOCKETIO_RECOVERY_MS";
  /** How often each node tells the others who is connected to it; a node silent for 1.5 intervals is gone. */
  public static final String PRESENCE_HEARTBEAT_MS = "SWITCHBOARD_PRESENCE_HEARTBEAT_MS";
  /** Telegram's Bot API base: replies go to {@code {url}/bot{botToken}/sendMessage}. */
  public static final String TELEGRAM_API_URL = "SWITCHBOARD_TELEGRAM_API_URL";
  /** Instagram's Graph API base: replies go to {@code {url}/{accountId}/messages}. */
  public static final String INSTAGRAM_API_URL = "SWITCHBOARD_INSTAGRAM_API_URL";
  /** Read by the logging set-up before anything else: {@code json}, {@code text}, or unset for text on a terminal. */
  public static final String LOG_FORMAT = "SWITCHBOARD_LOG_FORMAT";

  /** The configuration file read first; the environment is read after it and wins. */
  public static final String CONFIG_FILE = "conf/config.json";
  /** A system property naming another configuration file (tests, side-by-side nodes). */
  public static final String CONFIG_FILE_PROPERTY = "switchboard.config";

  private ConfigKeys() {
  }
}
