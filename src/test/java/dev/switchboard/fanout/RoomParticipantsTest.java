package dev.switchboard.fanout;

import dev.switchboard.bus.Addresses;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The participants of rooms, by connection, with an in-memory presence in place of the cluster's. */
@DisplayName("Room participants")
class RoomParticipantsTest {
  private static final String ROOM = "support-chat:ticket:1";
  private static final Participant WHO = new Participant(null, "u1", "User 1", "customer");

  private final Vertx vertx = Vertx.vertx();
  private final Context context = vertx.getOrCreateContext();
  private final MemoryPresence presence = new MemoryPresence();
  private final RoomParticipants participants = new RoomParticipants(presence);
  /** Who the participants said left without a leave, in order. */
  private final LinkedBlockingQueue<String> gone = new LinkedBlockingQueue<>();

  @BeforeEach
  void start() {
    on(() -> participants.start(vertx.eventBus(), (room, participant) -> gone.add(participant.sessionId() + "@" + room)));
  }

  @AfterEach
  void stop() {
    vertx.close();
  }

  @Test
  @DisplayName("a connection enters once: its second join is not new, and a REST request enters nobody")
  void entersOnce() {
    Message<?> fromA = request("a");
    Message<?> rest = request(null);
    assertEquals("a", on(() -> participants.enter(fromA, ROOM, WHO, Future.succeededFuture())).sessionId());
    assertNull(on(() -> participants.enter(fromA, ROOM, WHO, Future.succeededFuture())));
    assertNull(on(() -> participants.enter(rest, ROOM, WHO, Future.succeededFuture())));
    assertEquals(List.of("a"), sessionsIn(ROOM));
  }

  @Test
  @DisplayName("a leave takes the connection out and names it; a second leave names nobody")
  void leaves() {
    Message<?> fromA = request("a");
    on(() -> participants.enter(fromA, ROOM, WHO, Future.succeededFuture()));
    assertEquals("u1", on(() -> participants.leave(fromA, ROOM)).userId());
    assertNull(on(() -> participants.leave(fromA, ROOM)));
    assertEquals(List.of(), sessionsIn(ROOM));
  }

  @Test
  @DisplayName("a closed connection leaves every room it was in, and is told as gone once per room")
  void closeLeaves() throws Exception {
    Message<?> fromA = request("a");
    Message<?> fromB = request("b");
    on(() -> participants.enter(fromA, ROOM, WHO, Future.succeededFuture()));
    on(() -> participants.enter(fromA, "other", WHO, Future.succeededFuture()));
    on(() -> participants.enter(fromB, ROOM, WHO, Future.succeededFuture()));
    close("a");
    assertEquals(List.of("a@other", "a@" + ROOM), List.of(next(), next()).stream().sorted().toList());
    assertEquals(List.of("b"), sessionsIn(ROOM));
  }

  @Test
  @DisplayName("a close that overtakes the admission leaves nothing behind and tells nobody")
  void closeBeforeAdmission() throws Exception {
    Message<?> fromA = request("a");
    Message<?> fromB = request("b");
    Promise<Void> admission = Promise.promise();
    CompletableFuture<Participant> entered = later(() -> participants.enter(fromA, ROOM, WHO, admission.future()));
    close("a");
    on(() -> {
      admission.complete();
      return Future.succeededFuture();
    });
    assertNull(entered.get(5, TimeUnit.SECONDS));
    assertEquals(List.of(), sessionsIn(ROOM));
    // the marker: a close of a connection that was in the room is told, and it is the first thing told
    on(() -> participants.enter(fromB, ROOM, WHO, Future.succeededFuture()));
    close("b");
    assertEquals("b@" + ROOM, next());
  }

  @Test
  @DisplayName("a refused admission fails the enter and notes nothing, so a later join is new")
  void refusedAdmission() {
    Message<?> fromA = request("a");
    CompletableFuture<Participant> refused = later(() -> participants.enter(fromA, ROOM, WHO,
      Future.failedFuture("not visible")));
    assertEquals("not visible", assertFailed(refused));
    assertEquals("a", on(() -> participants.enter(fromA, ROOM, WHO, Future.succeededFuture())).sessionId());
  }

  private String next() throws InterruptedException {
    String told = gone.poll(5, TimeUnit.SECONDS);
    if (told == null) {
      throw new AssertionError("nobody was told as gone within 5 s");
    }
    return told;
  }

  private List<String> sessionsIn(String room) {
    return on(() -> participants.in(room)).stream().map(Participant::sessionId).toList();
  }

  /** Publishes this node's close of a connection, and waits until the participants have taken it. */
  private void close(String session) {
    vertx.eventBus().publish(Addresses.SESSIONS_CLOSED, new JsonObject().put("session", session));
    // the context runs its tasks in order: this one runs after the close's delivery
    on(() -> Future.succeededFuture());
  }

  /** A request as the command door sends it: from a connection, or from none (REST). */
  private Message<?> request(String session) {
    var received = new CompletableFuture<Message<?>>();
    String address = "test." + System.nanoTime();
    var consumer = vertx.eventBus().localConsumer(address, received::complete);
    DeliveryOptions options = new DeliveryOptions();
    if (session != null) {
      options.addHeader(Addresses.HEADER_SESSION, session);
    }
    consumer.completion().onSuccess(v -> vertx.eventBus().send(address, new JsonObject(), options));
    Message<?> message = received.orTimeout(5, TimeUnit.SECONDS).join();
    consumer.unregister();
    return message;
  }

  private <T> T on(Supplier<Future<T>> work) {
    return later(work).orTimeout(5, TimeUnit.SECONDS).join();
  }

  /** Runs {@code work} on the participants' context; its result when it completes. */
  private <T> CompletableFuture<T> later(Supplier<Future<T>> work) {
    var result = new CompletableFuture<T>();
    context.runOnContext(v -> work.get().onComplete(result::complete, result::completeExceptionally));
    return result;
  }

  private static String assertFailed(CompletableFuture<?> future) {
    try {
      future.get(5, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      return e.getCause().getMessage();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("succeeded, where it should have failed");
  }

  /** Room presence in this JVM's memory, keyed by room then connection. */
  private static final class MemoryPresence implements RoomPresence {
    private final Map<String, Map<String, Participant>> rooms = new LinkedHashMap<>();

    @Override
    public Future<Void> enter(String room, Participant participant) {
      rooms.computeIfAbsent(room, r -> new LinkedHashMap<>()).put(participant.sessionId(), participant);
      return Future.succeededFuture();
    }

    @Override
    public Future<Boolean> leave(String room, String sessionId) {
      Map<String, Participant> in = rooms.get(room);
      return Future.succeededFuture(in != null && in.remove(sessionId) != null);
    }

    @Override
    public Future<List<Participant>> in(String room) {
      return Future.succeededFuture(new ArrayList<>(rooms.getOrDefault(room, Map.of()).values()));
    }

    @Override
    public void onDeparted(BiConsumer<String, Participant> handler) {
    }
  }
}
