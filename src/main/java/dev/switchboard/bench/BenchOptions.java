package dev.switchboard.bench;

import dev.switchboard.cli.Args;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * One run of a scenario, as given on the command line.
 *
 * @param ports          one per node; the first is node A, where senders connect
 * @param connections    long-lived receivers (not used by churn)
 * @param rate           messages sent per second over all rooms; for churn, connections opened per second
 * @param payloadBytes   size of the data each message carries, stamp included
 * @param sweep          step the rate up by {@code step} until a step fails; report the best passing rate
 * @param p99LimitMs     a sweep step passes only with p99 below this
 * @param drainSeconds   how long to wait after the last send for deliveries still on their way
 * @param connectRate    connections set up per second before measuring
 * @param serverPids     server processes to sample (CPU, RSS, heap); none for no server figures
 * @param storePids      a database process of the servers' ({@code switchboard db}), whose CPU is reported apart; none for none
 * @param holdSeconds    churn: how long each connection stays
 * @param settleSeconds  idle: how long connections sit before the server is measured
 * @param runId          prefix of room and user ids, so runs against one database never collide
 * @param trace          churn: a CSV of every join in the window (intended time, latency), to line up with GC logs; null for none
 * @param deflate        bridge protocols: ask for per-message deflate, as browsers do, and fail connections that do not get it
 * @param users          receivers are this many users, in turn; 0 for one user each. Socket.IO clients of the gateway
 *                       hear every user's presence, so a user each makes set-up quadratic in connections
 * @param members        rooms list their receivers' users as members, as chat rooms do; otherwise rooms have no members
 *                       (bench users are admins, who may join any room), and a stored message tells no member's list
 */
record BenchOptions(Scenario scenario, Protocol protocol, String host, List<Integer> ports, int connections,
                    int rooms, double rate, int durationSeconds, int warmupSeconds, int payloadBytes, boolean sweep,
                    double step, double maxRate, double p99LimitMs, int drainSeconds, double connectRate,
                    int connectConcurrency, List<Long> serverPids, List<Long> storePids, Path json, String label, int holdSeconds,
                    int settleSeconds, long pingIntervalMs, String runId, Path trace, boolean deflate, int users, boolean members) {

  static final String USAGE = """
    usage: switchboard bench <idle|fanout|hot-room|cross-node|churn|persist> [options]
           switchboard bench calibration-server [--port 8090]
           switchboard bench table [--out FILE] RESULT.json...
    options (defaults depend on the scenario):
      --protocol bridge-ws|bridge-sockjs|socketio|gateway-socketio   --host 127.0.0.1   --port 8080[,8081]
      --connections N   --rooms R   --rate MSGS_PER_S   --duration 10   --warmup 3   --payload 64
      --sweep [--step 1.25] [--max-rate R] [--p99-limit-ms 50]   --drain 5
      --connect-rate 2000   --connect-concurrency 256   --ping-interval-ms 5000
      --server-pid PID[,PID]   --store-pid PID (the database's process, counted apart)   --json FILE   --label NAME   --hold 10 (churn)   --settle 5 (idle)
      --run-id ID   --trace FILE (churn: each join's intended time in epoch ms and its latency)
      --deflate (bridge protocols: per-message deflate, as browsers ask for it)   --users U (receivers are U users; 0: one each)
      --members (rooms list their receivers' users as members: each stored message updates their conversation lists)""";

  private static final Set<String> VALUED = Set.of("protocol", "host", "port", "connections", "rooms", "rate",
    "duration", "warmup", "payload", "step", "max-rate", "p99-limit-ms", "drain", "connect-rate",
    "connect-concurrency", "server-pid", "store-pid", "json", "label", "hold", "settle", "ping-interval-ms", "run-id", "trace", "users");

  /** Reads {@code scenario [options]}; {@link IllegalArgumentException} says what is wrong. */
  static BenchOptions parse(List<String> words) {
    Args args = new Args(words, VALUED, Set.of("sweep", "deflate", "members"));
    if (args.words().size() != 1) {
      throw new IllegalArgumentException("name exactly one scenario");
    }
    Scenario scenario = Scenario.parse(args.words().get(0))
      .orElseThrow(() -> new IllegalArgumentException("unknown scenario '" + args.words().get(0) + "'"));
    Protocol protocol = Protocol.parse(args.text("protocol", "bridge-ws"))
      .orElseThrow(() -> new IllegalArgumentException("--protocol must be bridge-ws, bridge-sockjs, socketio or gateway-socketio"));
    List<Integer> ports = args.wholes("port", List.of(8080L)).stream().map(Long::intValue).toList();
    if (scenario == Scenario.CROSS_NODE && ports.size() < 2) {
      throw new IllegalArgumentException("cross-node needs two ports, node A first: --port 8080,8081");
    }
    if (scenario == Scenario.PERSIST && !protocol.bridge()) {
      throw new IllegalArgumentException("persist runs over the bridge only: it stores messages with a reply address");
    }
    if (args.flag("deflate") && !protocol.bridge()) {
      throw new IllegalArgumentException("--deflate is for the bridge protocols; the Socket.IO servers run without per-message deflate");
    }
    double rate = args.number("rate", scenario.defaultRate() > 0 ? scenario.defaultRate() : 1, 0);
    int connections = (int) args.whole("connections", scenario.defaultConnections(), 0);
    if (connections == 0 && scenario != Scenario.CHURN) {
      throw new IllegalArgumentException("--connections must be at least 1");
    }
    String json = args.text("json", null);
    String trace = args.text("trace", null);
    return new BenchOptions(scenario, protocol, args.text("host", "127.0.0.1"), ports,
      connections,
      (int) args.whole("rooms", scenario.defaultRooms(), 1), rate,
      (int) args.whole("duration", 10, 1), (int) args.whole("warmup", 3, 0),
      (int) args.whole("payload", 64, 32), args.flag("sweep"), args.number("step", 1.25, 1),
      args.number("max-rate", rate * 100, 0), args.number("p99-limit-ms", 50, 0),
      (int) args.whole("drain", 5, 0), args.number("connect-rate", 2000, 0),
      (int) args.whole("connect-concurrency", 256, 1), args.wholes("server-pid", List.of()),
      args.wholes("store-pid", List.of()),
      json == null ? null : Path.of(json), args.text("label", protocol.wireName()),
      (int) args.whole("hold", 10, 0), (int) args.whole("settle", 5, 0),
      args.whole("ping-interval-ms", 5000, 100), args.text("run-id", UUID.randomUUID().toString().substring(0, 8)),
      trace == null ? null : Path.of(trace), args.flag("deflate"), (int) args.whole("users", 0, 0), args.flag("members"));
  }

  JsonObject toJson() {
    return new JsonObject().put("protocol", protocol.wireName()).put("host", host).put("ports", new JsonArray(ports))
      .put("connections", connections).put("rooms", rooms).put("rate", rate).put("durationSeconds", durationSeconds)
      .put("warmupSeconds", warmupSeconds).put("payloadBytes", payloadBytes).put("sweep", sweep).put("step", step)
      .put("p99LimitMs", p99LimitMs).put("holdSeconds", holdSeconds).put("settleSeconds", settleSeconds)
      .put("runId", runId).put("deflate", deflate).put("users", users).put("members", members);
  }
}
