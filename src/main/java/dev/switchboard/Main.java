package dev.switchboard;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.auth.TokenIssuer;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig;
import dev.switchboard.error.StartupFailure;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar switchboard.jar [run]} starts a node; {@code token --sub ID --name NAME --role ROLE
 * [--dept D]... [--ttl 1h]} prints a token signed with the configured secret; {@code bench SCENARIO
 * [options]} runs the load generator ({@link dev.switchboard.bench.Bench}, docs/benchmarks.md);
 * {@code conformance [--port 3000]} serves the Engine.IO and Socket.IO protocol test suites'
 * reference server ({@link dev.switchboard.socketio.ConformanceServer}).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);
  private static final Pattern TTL = Pattern.compile("(\\d{1,8})([smhd]?)");
  private static final Duration MAX_TTL = GatewayConfig.JwtSettings.DEFAULT_MAX_LIFETIME;
  private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";
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
      case "run" -> run();
      case "token" -> System.exit(token(rest));
      case "bench" -> System.exit(dev.switchboard.bench.Bench.run(rest));
      case "conformance" -> conformance(rest);
      default -> {
        System.err.println("usage: switchboard [run] | token --sub ID --name NAME --role customer|agent|admin|service"
          + " [--dept ID]... [--ttl 1h] | bench SCENARIO [options] | conformance [--port 3000]");
        System.exit(2);
      }
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
  private static void conformance(List<String> args) throws Exception {
    int port;
    try {
      String text = single(options(args), "port");
      port = text == null ? 3000 : Integer.parseInt(text);
    } catch (IllegalArgumentException e) {
      System.err.println("conformance takes --port N");
      System.exit(2);
      return;
    }
    Vertx.vertx().deployVerticle(new dev.switchboard.socketio.ConformanceServer(port)).toCompletionStage().toCompletableFuture().get();
    LOG.info("Engine.IO and Socket.IO conformance server on port {}", port);
  }

  private static int token(List<String> args) throws Exception {
    Map<String, List<String>> options;
    Duration ttl;
    try {
      options = options(args);
      ttl = ttl(single(options, "ttl"));
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    }
    String sub = single(options, "sub");
    String role = single(options, "role");
    if (sub == null || role == null || Role.parse(role).isEmpty()) {
      System.err.println("token needs --sub ID and --role customer|agent|admin|service");
      return 2;
    }
    String name = single(options, "name");
    var principal = new Principal(sub, name == null ? sub : name, Role.parse(role).get(),
      options.getOrDefault("dept", List.of()));
    GatewayConfig config = ConfigLoader.load();
    Vertx vertx = Vertx.vertx();
    try {
      System.out.println(new TokenIssuer(vertx, config.jwt()).mint(principal, ttl));
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      return 2;
    } finally {
      vertx.close();
    }
  }

  private static Map<String, List<String>> options(List<String> args) {
    Map<String, List<String>> options = new java.util.HashMap<>();
    for (int i = 0; i < args.size(); i += 2) {
      String flag = args.get(i);
      if (!flag.startsWith("--") || i + 1 >= args.size()) {
        throw new IllegalArgumentException("expected --option value pairs, got '" + flag + "'");
      }
      String name = flag.substring(2);
      // only --dept is a list; a name may well contain a comma
      List<String> values = name.equals("dept") ? List.of(args.get(i + 1).split(",")) : List.of(args.get(i + 1));
      values.forEach(value -> options.computeIfAbsent(name, k -> new ArrayList<>()).add(value.trim()));
    }
    return options;
  }

  private static String single(Map<String, List<String>> options, String name) {
    List<String> values = options.get(name);
    return values == null ? null : values.get(0);
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
