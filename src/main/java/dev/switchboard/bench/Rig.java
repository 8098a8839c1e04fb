package dev.switchboard.bench;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.auth.TokenIssuer;
import dev.switchboard.config.GatewayConfig.JwtSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * The generator's machinery for one run: its event loops, one WebSocket client, tokens, the server's
 * nodes and the probe on the server's processes. Scenarios drive it from the calling thread and
 * block on it; the hot paths (sends and receives) run on its event loops.
 */
final class Rig implements AutoCloseable {
  private static final int ATTEMPTS = 3;
  private static final long SETUP_TIMEOUT_MS = 20_000;

  private final BenchOptions options;
  /** One event loop per CPU the generator may use (taskset limits them), which every connection shares. */
  private static final int CPUS = Runtime.getRuntime().availableProcessors();

  /** Netty's native epoll, when its jar is on the class path, costs the receive path less than NIO. */
  private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true).setEventLoopPoolSize(CPUS));
  private final WebSocketClient client;
  private final List<Context> loops;
  private final Errors errors = new Errors();
  private final List<Target> targets;
  private final ServerProbe probe;
  private final TokenIssuer issuer;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5)).build();

  /** {@code jwt} signs the gateway protocols' tokens; the Socket.IO peer needs none, so it may then be null. */
  Rig(BenchOptions options, JwtSettings jwt) {
    this.options = options;
    // the limit counts open WebSockets, not pending ones; -1 ("disabled") makes every connect wait in 5.0.10
    this.client = vertx.createWebSocketClient(new WebSocketClientOptions().setMaxConnections(Integer.MAX_VALUE)
      .setConnectTimeout((int) SETUP_TIMEOUT_MS).setTcpNoDelay(true).setTryUsePerMessageCompression(options.deflate()));
    // each context made from outside Vert.x takes the next event loop, so connections spread over all of them
    this.loops = IntStream.range(0, CPUS).mapToObj(i -> vertx.getOrCreateContext()).toList();
    this.targets = options.ports().stream()
      .map(port -> new Target(options.host(), port, options.protocol().wire())).toList();
    this.probe = new ServerProbe(options.serverPids(), options.protocol().gateway(), targets, http);
    this.issuer = options.protocol().gateway() ? new TokenIssuer(vertx, Objects.requireNonNull(jwt, "jwt")) : null;
  }

  BenchOptions options() {
    return options;
  }

  Vertx vertx() {
    return vertx;
  }

  Errors errors() {
    return errors;
  }

  List<Target> targets() {
    return targets;
  }

  ServerProbe probe() {
    return probe;
  }

  String roomId(int index) {
    return options.runId() + "-r" + index;
  }

  /** An admin token for {@code userId} (admins may register any room), or null for the peer. */
  String token(String userId) {
    return token(userId, Role.ADMIN);
  }

  private String token(String userId, Role role) {
    if (issuer == null) {
      return null;
    }
    Duration ttl = Duration.ofSeconds(3600L + 20L * (options.durationSeconds() + options.warmupSeconds()));
    return issuer.mint(new Principal(options.runId() + "-" + userId, userId, role, List.of()), ttl);
  }

  /** Creates the rooms on the gateway ({@code POST /rooms} on node A, whose database all nodes share). */
  void createRooms(int count) throws IOException, InterruptedException {
    if (issuer == null) {
      return;
    }
    String admin = token("admin");
    for (int i = 0; i < count; i++) {
      String body = new JsonObject().put("id", roomId(i)).put("name", "bench " + i).put("members", members(i, count))
        .encode();
      HttpRequest request = HttpRequest.newBuilder(URI.create("http://" + options.host() + ":" + targets.get(0).port()
          + "/rooms"))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + admin).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 201) {
        throw new IllegalStateException("POST /rooms answered " + response.statusCode() + ": " + response.body());
      }
    }
  }

  /**
   * The users of the receivers that {@link #receivers} puts in the room, with {@code --members} or when
   * the receivers must be members to join; else none.
   */
  private JsonArray members(int room, int rooms) {
    JsonArray members = new JsonArray();
    if (options.members() || options.protocol().receiversAreMembers()) {
      IntStream.range(0, options.connections()).filter(j -> j % rooms == room)
        .mapToObj(j -> options.runId() + "-u" + user(j)).distinct().forEach(members::add);
    }
    return members;
  }

  /** Receiver j's user: its own, or one of {@code --users} in turn. */
  private int user(int receiver) {
    return options.users() == 0 ? receiver : receiver % options.users();
  }

  /** Planned receivers, and how many of them each room has on each node ({@code members[room][node]}). */
  record Receivers(List<LinkPlan> plans, int[][] members) {
  }

  /**
   * The long-lived receivers: receiver {@code j} joins room {@code j % rooms} on node
   * {@code (j / rooms) % nodes}, so every room has members on every node.
   */
  Receivers receivers(int count, int rooms, List<Channel> perNode) {
    List<LinkPlan> plans = new ArrayList<>(count);
    int[][] members = new int[rooms][targets.size()];
    for (int j = 0; j < count; j++) {
      int node = (j / rooms) % targets.size();
      String token = options.protocol().receiversAreMembers() ? token("u" + user(j), Role.AGENT) : token("u" + user(j));
      plans.add(new LinkPlan(targets.get(node), token, roomId(j % rooms), perNode.get(node)));
      members[j % rooms][node]++;
    }
    return new Receivers(plans, members);
  }

  /**
   * Sets up every planned connection, at most {@code --connect-rate} a second and
   * {@code --connect-concurrency} at once, retrying each a few times. Fails unless all are up.
   */
  List<Link> openAll(List<LinkPlan> plans) throws InterruptedException {
    Semaphore slots = new Semaphore(options.connectConcurrency());
    CountDownLatch done = new CountDownLatch(plans.size());
    Link[] links = new Link[plans.size()];
    long start = Stamps.now();
    double gapNanos = 1e9 / options.connectRate();
    for (int i = 0; i < plans.size(); i++) {
      Stamps.sleepUntil(start + (long) (i * gapNanos));
      slots.acquire();
      int index = i;
      openWithRetries(plans.get(i), loops.get(i % loops.size()), ATTEMPTS).onComplete(result -> {
        if (result.succeeded()) {
          links[index] = result.result();
        } else {
          errors.add("set-up failed: " + result.cause().getMessage());
        }
        slots.release();
        done.countDown();
      });
    }
    done.await();
    List<Link> up = Arrays.stream(links).filter(Objects::nonNull).toList();
    if (up.size() < plans.size()) {
      closeAll(up);
      throw new IllegalStateException((plans.size() - up.size()) + " of " + plans.size()
        + " connections could not be set up: " + errors.samples());
    }
    return up;
  }

  /** One connection with its join, on the event loop {@code index} falls to; no retries (churn measures each). */
  Future<Link> open(LinkPlan plan, long index) {
    return open(plan, loops.get((int) (index % loops.size())));
  }

  private Future<Link> open(LinkPlan plan, Context loop) {
    return Link.open(client, loop, plan.target(), plan.token(), plan.room(), plan.channel(), errors,
      options.pingIntervalMs(), options.deflate()).timeout(SETUP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
  }

  private Future<Link> openWithRetries(LinkPlan plan, Context loop, int attempts) {
    return open(plan, loop).recover(failure -> attempts <= 1 ? Future.failedFuture(failure)
        : vertx.timer(200).compose(t -> openWithRetries(plan, loop, attempts - 1)));
  }

  void closeAll(List<Link> links) {
    await(Future.join(links.stream().map(Link::close).toList()));
  }

  static <T> T await(Future<T> future) {
    try {
      return future.toCompletionStage().toCompletableFuture().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage(), e.getCause());
    }
  }

  @Override
  public void close() {
    await(client.close().eventually(vertx::close));
  }
}
