package dev.switchboard;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.auth.TokenIssuer;
import dev.switchboard.bench.Bench;
import dev.switchboard.cli.Args;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.error.StartupFailure;
import dev.switchboard.socketio.ConformanceServer;
import dev.switchboard.store.EmbeddedMongo;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar switchboard.jar [run]} starts a node; {@code token --sub ID --name NAME --role ROLE
 * [--dept D]... [--ttl 1h]} prints a token signed with the configured secret; {@code db} runs the embedded
 * database alone, for nodes to share; {@code bench SCENARIO
 * [options]} runs the load generator ({@link dev.switchboard.bench.Bench}, docs/benchmarks.md);
 * {@code conformance [--port 3000]} serves the Engine.IO and Socket.IO protocol test suites'
 * reference server ({@link dev.switchboard.socketio.ConformanceServer}).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final Pattern TTL = Pattern.compile("(\\d{1,8})([smhd]?)");
  private static final Duration MAX_TTL = GatewayConfig.JwtSettings.DEFAULT_MAX_LIFETIME;
  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
  private static final int USAGE_ERROR = 2;
  private static final int CONFORMANCE_PORT = 3000;
  static final String USAGE = """
    usage: switchboard [run]                 start a node
           switchboard token --sub ID --role ROLE [--name NAME] [--dept ID]... [--ttl 1h]
           switchboard db                    run the embedded database alone
           switchboard bench SCENARIO [options]
           switchboard conformance [--port 3000]
    switchboard COMMAND --help describes a command.""";
  static final String RUN_USAGE = """
    usage: switchboard [run]
    Starts a node. It reads conf/config.json (another file: java -Dswitchboard.config=PATH -jar ...),
    then the SWITCHBOARD_* environment variables, which win; README.md, "Configuration", lists them.""";
  static final String TOKEN_USAGE = """
    usage: switchboard token --sub ID --role customer|agent|admin|service [--name NAME] [--dept ID]... [--ttl 1h]
    Prints a development token signed with the configured HS secret.
      --sub ID      the user id
      --role ROLE   customer, agent, admin or service
      --name NAME   the display name (default: the id)
      --dept ID     a department; repeat it or separate ids with commas
      --ttl 1h      how long it is valid: 90s, 15m, 1h, 7d or seconds, at most 365d""";
  static final String DB_USAGE = """
    usage: switchboard db
    Runs the embedded MongoDB wire server alone, as a node without SWITCHBOARD_MONGO_URI runs it inside:
    on 127.0.0.1, port SWITCHBOARD_EMBEDDED_MONGO_PORT, its data under SWITCHBOARD_DATA_DIR. Nodes use it
    with SWITCHBOARD_MONGO_URI=mongodb://127.0.0.1:PORT, so stopping a node stops nobody's database.""";
  static final String CONFORMANCE_USAGE = """
    usage: switchboard conformance [--port 3000]
    Serves the reference server of the Engine.IO and Socket.IO protocol test suites.""";
  /** Every cause of a slow start has its own, shorter limit; this one only stops a hang nobody foresaw. */
  private static final Duration STARTUP_LIMIT = Duration.ofSeconds(90);

  private Main() {
  }

  public static void main(String[] args) throws Exception {
    // Hazelcast completes its async calls (the cluster maps behind Vert.x's shared data) on the common
    // pool, and when that pool has a single thread (one CPU, as in a small pod) it starts a new thread
    // per call instead (the pool has CPUs - 1 threads). Two threads avoid that; this must run before
    // anything uses the pool.
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null && Runtime.getRuntime().availableProcessors() <= 2) {
      System.setProperty(COMMON_POOL_PARALLELISM, "2");
    }
    SLF4JBridgeHandler.removeHandlersForRootLogger();
    SLF4JBridgeHandler.install();
    // a failure on any thread reaches the log through its encoder (one JSON line), never raw stderr
    Thread.setDefaultUncaughtExceptionHandler((thread, failure) -> LOG.error("Uncaught failure on {}", thread.getName(), failure));
    String command = args.length == 0 ? "run" : args[0];
    List<String> rest = args.length == 0 ? List.of() : List.of(args).subList(1, args.length);
    switch (command) {
      case "run" -> run(rest);
      case "token" -> System.exit(token(rest));
      case "db" -> database(rest);
      case "bench" -> System.exit(Bench.run(rest));
      case "conformance" -> conformance(rest);
      case "--help", "-h", "help" -> System.out.println(USAGE);
      default -> System.exit(refused("unknown command '" + command + "'", USAGE));
    }
  }

  /** A command line that cannot be run: what is wrong, then how it is used, on stderr; exit code 2. */
  private static int refused(String why, String usage) {
    System.err.println(why);
    System.err.println(usage);
    return USAGE_ERROR;
  }

  /** Starts a node, unless asked for usage or given arguments it does not take. */
  private static void run(List<String> args) {
    if (Args.wantsHelp(args)) {
      System.out.println(RUN_USAGE);
    } else if (!args.isEmpty()) {
      System.exit(refused("run takes no arguments, got '" + args.get(0) + "'", RUN_USAGE));
    } else {
      run();
    }
  }

  private static void run() {
    GatewayConfig config;
    Gateway gateway;
    try {
      config = ConfigLoader.load();
      gateway = Gateway.start(config).toCompletionStage().toCompletableFuture()
        .get(STARTUP_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      notStarted(e.getCause());
      return;
    } catch (TimeoutException e) {
      notStarted(new StartupFailure("it did not start within " + STARTUP_LIMIT.toSeconds()
        + " s; the lines above say where it stopped"));
      return;
    } catch (InterruptedException | RuntimeException e) {
      notStarted(e);
      return;
    }
    LOG.info("Switchboard is up on http://{}:{} ({} transport). Mint a token with: {} token --sub 7 --role agent",
      config.httpHost(), gateway.httpPort(), gateway.transport(), launcher());
    Duration budget = Duration.ofSeconds(config.drainSeconds());
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // a little beyond the drain budget, for leaving the cluster after it
        gateway.drain(budget).toCompletionStage().toCompletableFuture().get(budget.toSeconds() + 10, TimeUnit.SECONDS);
      } catch (Exception e) {
        LOG.warn("Shutdown did not finish cleanly: {}", e.toString());
      }
    }, "switchboard-shutdown"));
  }

  /**
   * The database a node would embed, in a process of its own: the same files, port and failures
   * (a port taken, a data file another process holds). It runs until SIGTERM, which closes the file.
   */
  private static void database(List<String> args) {
    if (Args.wantsHelp(args)) {
      System.out.println(DB_USAGE);
      return;
    }
    if (!args.isEmpty()) {
      System.exit(refused("db takes no arguments, got '" + args.get(0) + "'", DB_USAGE));
      return;
    }
    EmbeddedMongo database;
    try {
      GatewayConfig config = ConfigLoader.load();
      database = EmbeddedMongo.start(Path.of(config.dataDir()), config.embeddedMongoPort());
    } catch (RuntimeException e) {
      notStarted(e);
      return;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      database.close();
      LOG.info("Database stopped: its data file is closed");
    }, "switchboard-db-shutdown"));
    LOG.info("Switchboard's database is up; nodes use it with {}={}", ConfigKeys.MONGO_URI, database.connectionString());
  }

  /**
   * One line that says why, and exit 1. A failure whose cause is known (a bad setting, a port taken)
   * says it all in its message; any other also carries its stack trace, through the log encoder.
   * Exiting is needed: the cluster's and the database's threads would keep a failed start alive.
   */
  private static void notStarted(Throwable cause) {
    if (cause instanceof IllegalArgumentException) {
      // a setting is wrong or missing: perhaps because the file that sets it was not found
      String hint = ConfigLoader.missingFileHint().map(text -> " (" + text + ")").orElse("");
      LOG.error("Switchboard did not start: {}{}", firstLine(cause.getMessage()), hint);
    } else if (cause instanceof StartupFailure) {
      LOG.error("Switchboard did not start: {}", cause.getMessage());
    } else {
      LOG.error("Switchboard did not start: {}", firstLine(cause.toString()), cause);
    }
    System.exit(1);
  }

  private static String firstLine(String text) {
    return String.valueOf(text).lines().findFirst().orElse("");
  }

  /** How this process was started, for the "is up" line's token command: the jar's path, or the main class. */
  private static String launcher() {
    String location = Main.class.getProtectionDomain().getCodeSource().getLocation().getPath();
    if (!location.endsWith(".jar")) {
      return "java " + Main.class.getName();
    }
    Path jar = Path.of(location);
    Path here = Path.of("").toAbsolutePath();
    return "java -jar " + (jar.startsWith(here) ? here.relativize(jar) : jar);
  }

  /** The protocol suites connect to port 3000 unless told otherwise. */
  private static void conformance(List<String> words) throws Exception {
    if (Args.wantsHelp(words)) {
      System.out.println(CONFORMANCE_USAGE);
      return;
    }
    int port;
    try {
      Args args = new Args(words, Set.of("port"), Set.of());
      noWords(args, "conformance");
      port = (int) args.whole("port", CONFORMANCE_PORT, 1);
    } catch (IllegalArgumentException e) {
      System.exit(refused(e.getMessage(), CONFORMANCE_USAGE));
      return;
    }
    Vertx.vertx().deployVerticle(new ConformanceServer(port)).toCompletionStage().toCompletableFuture().get();
    LOG.info("Engine.IO and Socket.IO conformance server on port {}", port);
  }

  private static int token(List<String> words) {
    if (Args.wantsHelp(words)) {
      System.out.println(TOKEN_USAGE);
      return 0;
    }
    Principal principal;
    Duration ttl;
    try {
      Args args = new Args(words, Set.of("sub", "name", "role", "dept", "ttl"), Set.of());
      noWords(args, "token");
      String sub = args.text("sub", null);
      Optional<Role> role = Role.parse(args.text("role", ""));
      if (sub == null || role.isEmpty()) {
        throw new IllegalArgumentException("token needs --sub ID and --role customer|agent|admin|service");
      }
      ttl = ttl(args.text("ttl", null));
      principal = new Principal(sub, args.text("name", sub), role.get(), args.texts("dept"));
    } catch (IllegalArgumentException e) {
      return refused(e.getMessage(), TOKEN_USAGE);
    }
    Vertx vertx = Vertx.vertx();
    try {
      System.out.println(new TokenIssuer(vertx, ConfigLoader.load().jwt()).mint(principal, ttl));
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return USAGE_ERROR;
    } finally {
      vertx.close();
    }
  }

  /** The main commands take options only; a stray word is most likely a value whose option was mistyped. */
  private static void noWords(Args args, String command) {
    if (!args.words().isEmpty()) {
      throw new IllegalArgumentException(command + " takes only --options, got '" + args.words().get(0) + "'");
    }
  }

  /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d} or plain seconds; default one hour. */
  static Duration ttl(String text) {
    if (text == null) {
      return Duration.ofHours(1);
    }
    Matcher matcher = TTL.matcher(text.trim());
    if (!matcher.matches() || Long.parseLong(matcher.group(1)) == 0) {
      throw new IllegalArgumentException("--ttl must be a positive number of seconds, or end in s, m, h or d (e.g. 1h)");
    }
    long amount = Long.parseLong(matcher.group(1));
    Duration ttl = switch (matcher.group(2)) {
      case "m" -> Duration.ofMinutes(amount);
      case "h" -> Duration.ofHours(amount);
      case "d" -> Duration.ofDays(amount);
      default -> Duration.ofSeconds(amount);
    };
    if (ttl.compareTo(MAX_TTL) > 0) {
      throw new IllegalArgumentException("--ttl must be at most 365d");
    }
    return ttl;
  }
}
