import dev.switchboard.chat.NewMessage;
import dev.switchboard.chat.Room;
import dev.switchboard.store.MongoChatStore;
import dev.switchboard.store.StoreVerticle;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.mongo.MongoClient;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.IntStream;

/**
 * What one database operation costs the calling process in CPU, through the Vert.x Mongo client as
 * the store uses it (the driver on Vert.x's epoll loops), one operation at a time, as under light
 * load: the two round trips a stored message made until 5ea01c8, each alone, then
 * MongoChatStore.append as the build makes it (both until 5ea01c8; since, the insert alone, the room
 * numbered in memory), with its bookkeeping. Run against `switchboard db` in its own process (docs/benchmarks.md):
 *
 *   java -XX:ActiveProcessorCount=1 -cp target/switchboard.jar bench/probes/StoreOpCost.java 27117
 */
public class StoreOpCost {
  static final int WARMUP = Integer.getInteger("warmup", 20_000);
  static final int MEASURED = Integer.getInteger("measured", 20_000);
  static Vertx vertx;

  public static void main(String[] args) throws Exception {
    vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
    JsonObject config = new JsonObject().put("connection_string", "mongodb://127.0.0.1:" + args[0])
      .put("db_name", "probe" + System.nanoTime());
    MongoClient mongo = MongoClient.createWithMongoSettings(vertx, config, "probe", StoreVerticle.driverSettings(vertx, config));
    MongoChatStore chat = new MongoChatStore(mongo, size -> { });
    List<String> members = IntStream.range(0, 100).mapToObj(i -> "user-" + i).toList();
    await(chat.createIndexes());
    await(chat.createRoom(new Room("room", "Probe", members, true)));
    JsonObject room = new JsonObject().put("_id", "room");
    JsonObject numbering = new JsonObject().put("$inc", new JsonObject().put("lastSeq", 1L));
    var returns = new io.vertx.ext.mongo.FindOptions().setFields(new JsonObject().put("lastSeq", 1).put("members", 1));
    var returnNew = new io.vertx.ext.mongo.UpdateOptions().setReturningNewDocument(true);
    long[] seq = {1_000_000};
    measure("numbering update (findOneAndUpdate, returns lastSeq and 100 members)",
      () -> mongo.findOneAndUpdateWithOptions("rooms", room, numbering, returns, returnNew));
    measure("message insert",
      () -> mongo.insert("messages", new JsonObject().put("roomId", "other").put("seq", seq[0]++)
        .put("body", "x".repeat(64)).put("senderId", "user-1").put("senderName", "User 1")
        .put("createdAt", "2026-12-02T00:00:00Z")));
    measure("MongoChatStore.append (as this build stores a message)",
      () -> chat.append(new NewMessage("room", "x".repeat(64), null, "user-1", "User 1", true)));
    vertx.close();
  }

  static void measure(String what, Supplier<Future<?>> op) throws Exception {
    run(op, WARMUP);
    long cpu = cpuNanos();
    long wall = System.nanoTime();
    run(op, MEASURED);
    double cpuUs = (cpuNanos() - cpu) / 1000.0 / MEASURED;
    double wallUs = (System.nanoTime() - wall) / 1000.0 / MEASURED;
    System.out.printf("%-70s %7.1f µs CPU, %7.1f µs wall per operation%n", what, cpuUs, wallUs);
  }

  /** One after another on one event loop, each started when the last one's answer is in, as the store does. */
  static void run(Supplier<Future<?>> op, int times) throws Exception {
    Promise<Void> done = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> next(op, times, done));
    await(done.future());
  }

  /** The next operation once the last one answered, from its callback: no chain of futures grows. */
  static void next(Supplier<Future<?>> op, int remaining, Promise<Void> done) {
    if (remaining == 0) {
      done.complete();
    } else {
      op.get().onComplete(result -> next(op, remaining - 1, done));
    }
  }

  static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get();
  }

  static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
