package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A bridge client over the raw WebSocket endpoint ({@code /eventbus/websocket}), speaking the same
 * frames as the stock JavaScript client. Blocking calls, for tests that read top to bottom.
 */
public final class BridgeClient implements AutoCloseable {
  private final Vertx vertx;
  /** Held for as long as the socket: Vert.x closes a WebSocketClient, and its sockets, once the client is garbage collected. */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> events = new LinkedBlockingQueue<>();
  private final ConcurrentHashMap<String, CompletableFuture<JsonObject>> replies = new ConcurrentHashMap<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private BridgeClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> onFrame(new JsonObject(text)));
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode()));
  }

  public static BridgeClient connect(int port, String token) {
    Vertx vertx = Vertx.vertx();
    WebSocketClient client = vertx.createWebSocketClient();
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port)
      .setURI("/eventbus/websocket" + (token == null ? "" : "?token=" + token));
    try {
      return new BridgeClient(vertx, client, TestCluster.await(client.connect(options)));
    } catch (AssertionError e) {
      vertx.close();
      throw e;
    }
  }

  private void onFrame(JsonObject frame) {
    CompletableFuture<JsonObject> waiting = frame.getString("address") == null ? null : replies.remove(frame.getString("address"));
    if (waiting != null) {
      waiting.complete(frame);
    } else {
      events.add(frame);
    }
  }

  /** Sends a frame as-is (for malformed-input tests). */
  public void raw(String text) {
    TestCluster.await(socket.writeTextMessage(text));
  }

  /** {@code send} with a reply address; returns the reply frame ({@code rec} or {@code err}). */
  public JsonObject request(String address, JsonObject body) {
    String replyAddress = UUID.randomUUID().toString();
    var reply = new CompletableFuture<JsonObject>();
    replies.put(replyAddress, reply);
    raw(new JsonObject().put("type", "send").put("address", address).put("body", body)
      .put("replyAddress", replyAddress).encode());
    try {
      // a connection that is lost fails the request at once, as a client learns that it must retry
      CompletableFuture.anyOf(reply, closed).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("no reply on " + address + ": " + e, e);
    }
    if (!reply.isDone()) {
      throw new AssertionError("the connection closed before the reply on " + address);
    }
    return reply.join();
  }

  /** The reply's body, failing the test if the reply is an error. */
  public JsonObject ask(String address, JsonObject body) {
    JsonObject reply = request(address, body);
    if (!"rec".equals(reply.getString("type"))) {
      throw new AssertionError("expected a reply on " + address + " but got " + reply.encode());
    }
    return reply.getJsonObject("body");
  }

  public void register(String address) {
    raw(new JsonObject().put("type", "register").put("address", address).encode());
  }

  /**
   * Registers and returns once the register took effect: frames after a register wait for it, so
   * the answer to a heartbeat sent after it means subscribed.
   */
  public void listen(String address) {
    register(address);
    ask("presence:heartbeat", new JsonObject());
  }

  public void unregister(String address) {
    raw(new JsonObject().put("type", "unregister").put("address", address).encode());
  }

  /**
   * Registers on the room and sends {@code internal-chat:join}, as a client does. The server handles
   * a session's frames after a register only once it took effect, so the join reply means subscribed.
   */
  public JsonObject joinRoom(String roomId) {
    register("internal-chat:" + roomId);
    return ask("internal-chat:join", new JsonObject().put("roomId", roomId));
  }

  /** The next frame that was not a reply, or a failure after five seconds. */
  public JsonObject next() {
    try {
      JsonObject frame = events.poll(5, TimeUnit.SECONDS);
      if (frame == null) {
        throw new AssertionError("no frame arrived within 5 s");
      }
      return frame;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The next frame addressed to {@code address}, skipping others. */
  public JsonObject nextOn(String address) {
    while (true) {
      JsonObject frame = next();
      if (address.equals(frame.getString("address"))) {
        return frame;
      }
    }
  }

  /**
   * The next frame that was not a reply, failing the test unless it is {@code expected}. How a test
   * shows that an event did not arrive: it causes a later one (the marker) that travels the same path
   * to this client, and the marker coming next means nothing came before it. Waiting a while and
   * finding nothing would prove only that the event was slower than the wait.
   */
  public JsonObject assertNextIs(Predicate<JsonObject> expected, String description) {
    JsonObject frame = next();
    if (!expected.test(frame)) {
      throw new AssertionError("expected " + description + " next, but got " + frame.encode());
    }
    return frame;
  }

  /** Pings every {@code intervalMs}, as the stock client does, until the server closes; the close code. */
  public int pingUntilClosed(long intervalMs) {
    for (int i = 0; i < 100 && !closed.isDone(); i++) {
      socket.writeTextMessage("{\"type\":\"ping\"}");
      try {
        Thread.sleep(intervalMs);
      } catch (InterruptedException e) {
        throw new AssertionError(e);
      }
    }
    return awaitClose();
  }

  public int awaitClose() {
    try {
      return closed.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("socket was not closed: " + e, e);
    }
  }

  @Override
  public void close() {
    socket.close();
    vertx.close();
  }
}
