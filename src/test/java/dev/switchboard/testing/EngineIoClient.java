package dev.switchboard.testing;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * An Engine.IO v4 client on the WebSocket transport that sends and reads packets as text, as they
 * are on the wire: for tests that must send what no Socket.IO client library would. It answers
 * pings by itself. Blocking calls, for tests that read top to bottom.
 */
public final class EngineIoClient implements AutoCloseable {
  private final Vertx vertx;
  /** Held for as long as the socket: Vert.x closes a WebSocketClient, and its sockets, once the client is garbage collected. */
  private final WebSocketClient client;
  private final WebSocket socket;
  private final BlockingQueue<String> packets = new LinkedBlockingQueue<>();
  private final CompletableFuture<Integer> closed = new CompletableFuture<>();

  private EngineIoClient(Vertx vertx, WebSocketClient client, WebSocket socket) {
    this.vertx = vertx;
    this.client = client;
    this.socket = socket;
    socket.textMessageHandler(this::onPacket);
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode() == null ? -1 : (int) socket.closeStatusCode()));
  }

  /** Opens {@code path} (e.g. {@code /socket.io/}) and reads the open packet. */
  public static EngineIoClient connect(int port, String path) {
    var client = open(port, path + "?EIO=4&transport=websocket");
    String open = client.next();
    if (!open.startsWith("0{")) {
      client.close();
      throw new AssertionError("expected the open packet, got " + open);
    }
    return client;
  }

  /**
   * Opens a WebSocket for the polling session {@code sid} at {@code path}, the start of an upgrade:
   * the client then sends {@code 2probe}, reads {@code 3probe} and sends {@code 5}.
   */
  public static EngineIoClient upgrade(int port, String path, String sid) {
    return open(port, path + "?EIO=4&transport=websocket&sid=" + sid);
  }

  private static EngineIoClient open(int port, String uri) {
    Vertx vertx = Vertx.vertx();
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(port).setURI(uri);
    try {
      // the handlers are set before the connect: the open packet follows the upgrade at once, and a
      // callback on the connect's future could run only after it had arrived and been dropped
      WebSocketClient webSockets = vertx.createWebSocketClient();
      ClientWebSocket socket = webSockets.webSocket();
      var client = new EngineIoClient(vertx, webSockets, socket);
      TestCluster.await(socket.connect(options));
      return client;
    } catch (AssertionError e) {
      vertx.close();
      throw e;
    }
  }

  private void onPacket(String packet) {
    if (packet.equals("2")) {
      socket.writeTextMessage("3");
    } else {
      packets.add(packet);
    }
  }

  /** Sends an Engine.IO packet as is, e.g. {@code 40{"token":"..."}} or {@code 42["ev",{}]}. */
  public void send(String packet) {
    TestCluster.await(socket.writeTextMessage(packet));
  }

  /** The next packet the server sent (pings aside), or a failure after five seconds. */
  public String next() {
    try {
      String packet = packets.poll(5, TimeUnit.SECONDS);
      if (packet == null) {
        throw new AssertionError("no packet arrived within 5 s");
      }
      return packet;
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** The close code once the server closes the connection, or a failure after five seconds. */
  public int awaitClose() {
    try {
      return closed.get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("the connection was not closed within 5 s", e);
    }
  }

  @Override
  public void close() {
    vertx.close();
  }
}
