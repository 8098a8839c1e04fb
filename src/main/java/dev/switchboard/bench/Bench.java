package dev.switchboard.bench;

import dev.switchboard.cli.Args;
import dev.switchboard.config.ConfigLoader;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code switchboard bench}: an open-loop load generator for the gateway (bridge frames over raw
 * WebSocket or SockJS) and for the Socket.IO peer in {@code src/bench/socketio-peer}. A handful of
 * event loops drive every connection; sends leave at fixed intended times and carry them as stamps,
 * receivers find the stamp without parsing the frame, and latency lands in HdrHistogram. Each run
 * prints one summary line and can write JSON ({@code --json}); {@code bench table} turns JSON files
 * into a markdown table of medians, and {@code bench calibration-server} is the trivial server that
 * shows the generator is not the bottleneck. See {@code docs/benchmarks.md}.
 */
public final class Bench {
  private static final Pattern OPEN_FILES = Pattern.compile("Max open files\\s+(\\d+|unlimited)");
  /** Descriptors the generator needs beyond its connections: jars, event loops, the HTTP client. */
  private static final long SPARE_DESCRIPTORS = 200;

  private Bench() {
  }

  /** The subcommand's entry: 0 when the run completed and counted everything, 1 when not, 2 for bad arguments. */
  public static int run(List<String> args) {
    if (Args.wantsHelp(args)) {
      System.out.println(BenchOptions.USAGE);
      return 0;
    }
    try {
      if (args.isEmpty()) {
        throw new IllegalArgumentException("name a scenario");
      }
      return switch (args.get(0)) {
        case "calibration-server" -> CalibrationServer.run(args.subList(1, args.size()));
        case "table" -> ResultTable.run(args.subList(1, args.size()));
        default -> scenario(BenchOptions.parse(args));
      };
    } catch (IllegalArgumentException e) {
      System.err.println(e.getMessage());
      System.err.println(BenchOptions.USAGE);
      return 2;
    } catch (Exception e) {
      System.err.print("bench failed: ");
      e.printStackTrace();
      return 1;
    }
  }

  /** Runs one scenario, tokens signed with {@code jwt} (unused for the Socket.IO peer); the CLI and tests call this. */
  static Outcome execute(BenchOptions options, JwtSettings jwt) throws Exception {
    try (Rig rig = new Rig(options, jwt)) {
      Outcome outcome = switch (options.scenario()) {
        case IDLE -> new IdleScenario(rig).run();
        case CHURN -> new ChurnScenario(rig).run();
        case FANOUT, HOT_ROOM, CROSS_NODE, PERSIST -> new RateScenario(rig).run();
      };
      outcome.details().put("errorSamples", new JsonArray(rig.errors().samples()));
      return outcome;
    }
  }

  private static int scenario(BenchOptions options) throws Exception {
    checkDescriptors(options);
    Instant started = Instant.now();
    JsonObject record = new JsonObject().put("scenario", options.scenario().wireName()).put("label", options.label())
      .put("startedAt", started.toString()).put("options", options.toJson());
    try {
      Outcome outcome = execute(options, options.protocol().gateway() ? jwt() : null);
      System.out.println(outcome.summary());
      record.put("ok", outcome.ok()).put("summary", outcome.summary()).put("metrics", outcome.metrics())
        .put("details", outcome.details());
      return outcome.ok() ? 0 : 1;
    } catch (IllegalStateException e) {
      System.out.println(options.scenario().wireName() + " " + options.label() + " did not complete: " + e.getMessage());
      record.put("ok", false).put("summary", e.getMessage()).put("metrics", new JsonObject());
      return 1;
    } finally {
      if (options.json() != null) {
        Files.writeString(options.json(), record.encodePrettily());
      }
    }
  }

  /** Fails early, with the fix, when the process may not open enough sockets. */
  private static void checkDescriptors(BenchOptions options) throws IOException {
    long needed = SPARE_DESCRIPTORS + (options.scenario() == Scenario.CHURN
      ? (long) Math.ceil(options.rate() * (options.holdSeconds() + 1)) : options.connections() + options.rooms());
    Matcher matcher = OPEN_FILES.matcher(Files.readString(Path.of("/proc/self/limits")));
    if (matcher.find() && !matcher.group(1).equals("unlimited") && Long.parseLong(matcher.group(1)) < needed) {
      throw new IllegalArgumentException("this run needs about " + needed + " open files but the limit is "
        + matcher.group(1) + ": raise it first, e.g. ulimit -n " + Math.max(65536, needed));
    }
  }

  private static JwtSettings jwt() {
    return ConfigLoader.load().jwt();
  }
}
