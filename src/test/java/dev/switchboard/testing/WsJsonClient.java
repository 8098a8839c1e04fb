package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A client of seed 001's plain WebSocket JSON endpoints ({@code /ws/conversations/},
 * {@code /ws/chat/{id}/}) that sends text as it is, JSON or not, and reads the server's frames in
 * order. Blocking calls, for tests that read top to bottom.
 */
public final class WsJsonClient implements AutoCloseable {
  /**
   * Held for as long as the socket: Vert.x closes a WebSocketClient, and its connections, once the
   * client is garbage collected, so a client dropped after connect loses its socket at the next GC
   * (seen as "Connection closed while handshake in process" on a JVM's first upgrade).
   */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
  private final CompletableFuture<Close> closed = new CompletableFuture<>();

  /** How the server ended the connection: the close frame's code and reason (-1 and null without one). */
  public record Close(int code, String reason) {
  }

  private WsJsonClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    socket.closeHandler(v -> closed.complete(new Close(socket.closeStatusCode() == null ? -1 : socket.closeStatusCode(),
      socket.closeReason())));
  }

  /** Opens {@code uri} (path and query) on the node at {@code port}; the upgrade itself always succeeds. */
  public static WsJsonClient connect(Vertx vertx, int port, String uri) {
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    // the handlers are set before the connect: a greeting or a refusal's close follows the upgrade at
    // once, and a callback on the connect's future could run only after it had arrived
    WebSocketClient client = vertx.createWebSocketClient();
    ClientWebSocket socket = client.webSocket();
    var opened = new WsJsonClient(client, socket);
    TestCluster.await(socket.connect(options));
    return opened;
  }

  /** Sends one text message, exactly this text. */
  public void send(String text) {
    TestCluster.await(socket.writeTextMessage(text));
  }

  public void send(JsonObject event) {
    send(event.encode());
  }

  /** A WebSocket ping (a control frame, not a message). */
  public void ping() {
    TestCluster.await(socket.writePing(Buffer.buffer("ping")));
  }

  /** The next frame the server sent, or a failure after five seconds. */
  public JsonObject next() {
    return next(5_000);
  }

  private JsonObject next(long millis) {
    try {
      JsonObject frame = frames.poll(millis, TimeUnit.MILLISECONDS);
      if (frame == null) {
        throw new AssertionError("no frame arrived within " + millis + " ms" + (closed.isDone() ? "; closed: " + closed.join() : ""));
      }
      return frame;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /**
   * The next frame, failing the test unless its {@code type} is {@code type}. How a test shows that
   * nothing else came: the frame it expects (a marker) is the very next one.
   */
  public JsonObject assertNext(String type) {
    JsonObject frame = next();
    if (!type.equals(frame.getString("type"))) {
      throw new AssertionError("expected " + type + " next, but got " + frame.encode());
    }
    return frame;
  }

  /** The next frame of {@code type}, skipping others (presence, typing...); a failure after five seconds without one. */
  public JsonObject nextOf(String type) {
    return nextOf(type, 5);
  }

  /** Like {@link #nextOf(String)}, for what takes up to {@code seconds} (a lease running out). */
  public JsonObject nextOf(String type, int seconds) {
    long deadline = System.currentTimeMillis() + seconds * 1000L;
    while (true) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        throw new AssertionError("no " + type + " within " + seconds + " s");
      }
      JsonObject frame = next(left);
      if (type.equals(frame.getString("type"))) {
        return frame;
      }
    }
  }

  /** The server's close, or a failure after five seconds. */
  public Close awaitClose() {
    try {
      return closed.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the connection was not closed within 5 s", e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    socket.close();
    client.close();
  }
}
