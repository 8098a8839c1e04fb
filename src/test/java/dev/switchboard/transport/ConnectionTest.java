package dev.switchboard.transport;

import dev.switchboard.auth.Principal;
import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.Jwts;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketFrame;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Connections to the bridge")
class ConnectionTest {
  private static final long PING_TIMEOUT_MS = 1500;

  private TestCluster cluster;
  private Vertx vertx;
  /** Vert.x closes a WebSocketClient's connections once the client is garbage: the test keeps them all. */
  private final List<WebSocketClient> clients = new ArrayList<>();

  @BeforeAll
  void start() {
    // two event loops: each XHR request below comes on a connection of its own, and the node hands
    // consecutive connections to the two loops in turn, so a SockJS session's requests cross them
    cluster = TestCluster.start(1, new JsonObject().put(ConfigKeys.PING_TIMEOUT_MS, PING_TIMEOUT_MS)
      .put(ConfigKeys.EVENT_LOOPS, 2));
    vertx = Vertx.vertx();
  }

  @AfterAll
  void stop() {
    vertx.close();
    cluster.close();
  }

  private int refusedUpgrade(WebSocketConnectOptions options) {
    var failure = assertThrows(AssertionError.class,
      () -> TestCluster.await(client(new WebSocketClientOptions()).connect(options.setHost("127.0.0.1").setPort(cluster.port(0)))));
    return assertInstanceOf(UpgradeRejectedException.class, failure.getCause().getCause()).getStatus();
  }

  @Test
  @DisplayName("a WebSocket upgrade without a token, or with a bad one, is refused with 401")
  void upgradeWithoutTokenIsRefused() {
    assertEquals(401, refusedUpgrade(new WebSocketConnectOptions().setURI("/eventbus/websocket")));
    assertEquals(401, refusedUpgrade(new WebSocketConnectOptions().setURI("/eventbus/websocket?token=abc.def.ghi")));
    assertEquals(401, refusedUpgrade(new WebSocketConnectOptions().setURI("/eventbus/websocket")
      .addHeader("Authorization", "Bearer nonsense")));
  }

  @Test
  @DisplayName("the refusal says why, as JSON with the AUTH_REQUIRED code")
  void refusalExplains() {
    var missing = Rest.get(cluster.port(0), "/eventbus/info", null);
    assertEquals(401, missing.status());
    assertEquals("AUTH_REQUIRED", missing.errorCode());
    assertEquals("a token is required", missing.body().getJsonObject("error").getString("message"));
    String expired = Jwts.hs256(new JsonObject().put("sub", "1")
      .put("role", "agent").put("iss", "switchboard").put("aud", "switchboard").put("exp", 1000), TestCluster.SECRET);
    var late = Rest.get(cluster.port(0), "/eventbus/info?token=" + expired, null);
    assertEquals("invalid token: it has expired or is not valid yet", late.body().getJsonObject("error").getString("message"));
  }

  @Test
  @DisplayName("a validly signed token whose expiry is a string is refused with 401 on REST and on the upgrade, not a 500")
  void malformedClaimIsRefused() {
    String token = Jwts.hs256(new JsonObject().put("sub", "1").put("role", "agent").put("iss", "switchboard")
      .put("aud", "switchboard").put("exp", "tomorrow"), TestCluster.SECRET);
    var rest = Rest.get(cluster.port(0), "/tickets", token);
    assertEquals(401, rest.status());
    assertEquals("AUTH_REQUIRED", rest.errorCode());
    assertEquals(401, refusedUpgrade(new WebSocketConnectOptions().setURI("/eventbus/websocket?token=" + token)));
  }

  @Test
  @DisplayName("a native client may send its token as Authorization: Bearer on the upgrade")
  void bearerHeaderOnUpgrade() {
    String token = cluster.token("5", Role.AGENT);
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cluster.port(0))
      .setURI("/eventbus/websocket").addHeader("Authorization", "Bearer " + token);
    var socket = TestCluster.await(client(new WebSocketClientOptions()).connect(options));
    var reply = new java.util.concurrent.CompletableFuture<JsonObject>();
    socket.textMessageHandler(text -> reply.complete(new JsonObject(text)));
    socket.writeTextMessage(new JsonObject().put("type", "send").put("address", Addresses.CHAT_SET_STATUS)
      .put("replyAddress", "r").put("body", new JsonObject().put("status", "online")).encode());
    assertEquals("5", reply.orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).join().getJsonObject("body").getString("userId"));
    socket.close();
  }

  @Test
  @DisplayName("an empty token parameter does not hide a Bearer header")
  void blankQueryTokenFallsBackToHeader() {
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cluster.port(0))
      .setURI("/eventbus/websocket?token=").addHeader("Authorization", "Bearer " + cluster.token("header-user", Role.AGENT));
    // a blank parameter that were refused would fail the upgrade; one that were used would too, or
    // would not be this user: set-status answers as the session's user
    WebSocket socket = TestCluster.await(client(new WebSocketClientOptions()).connect(options));
    assertEquals("header-user", statusReply(socket).getJsonObject("body").getString("userId"));
    socket.close();
  }

  @Test
  @DisplayName("a session is closed when its token expires")
  void expiredTokenClosesSession() {
    String shortLived = cluster.issuer().mint(new Principal("6", "Short", Role.CUSTOMER, List.of()), Duration.ofSeconds(2));
    try (var client = BridgeClient.connect(cluster.port(0), shortLived)) {
      assertEquals(4001, client.pingUntilClosed(PING_TIMEOUT_MS / 3));
    }
  }

  @Test
  @DisplayName("an XHR request into another user's SockJS session is refused with 403, whichever event loop it comes in on")
  void xhrSessionsBelongToTheirOwner() throws Exception {
    String owner = cluster.token("6", Role.CUSTOMER);
    String intruder = cluster.token("66", Role.CUSTOMER);
    String base = "http://127.0.0.1:" + cluster.port(0) + "/eventbus/000/xhrsession1/";
    var open = xhr(base + "xhr?token=" + owner, "");
    assertEquals("o", open.body().trim());

    String frame = "[\"{\\\"type\\\":\\\"ping\\\"}\"]";
    var hijack = xhr(base + "xhr_send?token=" + intruder, frame);
    assertEquals(403, hijack.statusCode());
    assertTrue(hijack.body().contains("ACCESS_DENIED"));
    var own = xhr(base + "xhr_send?token=" + owner, frame);
    assertEquals(204, own.statusCode(), own.body());
  }

  /**
   * One XHR POST on a connection of its own: SockJS closes the connection after each poll response
   * without saying so in a header, and a pooled client could send the next request into that close.
   */
  private static HttpResponse<String> xhr(String url, String body) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
      HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("a session that neither pings nor sends is closed after the ping timeout; one that pings stays")
  void idleSessionsAreClosed() throws InterruptedException {
    try (var idle = BridgeClient.connect(cluster.port(0), cluster.token("6", Role.CUSTOMER));
         var alive = BridgeClient.connect(cluster.port(0), cluster.token("6", Role.CUSTOMER))) {
      for (int i = 0; i < 8; i++) {
        alive.raw("{\"type\":\"ping\"}");
        Thread.sleep(PING_TIMEOUT_MS / 3);
      }
      assertEquals(4000, idle.awaitClose());
      assertEquals("6", alive.ask(Addresses.CHAT_SET_STATUS, new JsonObject().put("status", "online")).getString("userId"));
    }
  }

  @Test
  @DisplayName("a frame larger than the frame limit is refused with PAYLOAD_TOO_LARGE and the session stays usable")
  void oversizedFrame() {
    try (var client = BridgeClient.connect(cluster.port(0), cluster.token("6", Role.AGENT))) {
      String huge = "x".repeat(70_000);
      client.raw(new JsonObject().put("type", "send").put("address", Addresses.CHAT_MESSAGE)
        .put("body", new JsonObject().put("roomId", "1").put("body", huge)).encode());
      JsonObject error = client.next();
      assertEquals(413, error.getInteger("failureCode"));
      assertTrue(error.getString("message").startsWith("PAYLOAD_TOO_LARGE"));
      var created = Rest.post(cluster.port(0), "/rooms", cluster.token("6", Role.AGENT),
        new JsonObject().put("name", "after").put("members", new JsonArray()).encode());
      assertEquals(201, created.status());
    }
  }

  private WebSocket rawSocket(String userId) {
    return rawSocket(cluster, userId, new WebSocketClientOptions());
  }

  private WebSocketClient client(WebSocketClientOptions options) {
    WebSocketClient client = vertx.createWebSocketClient(options);
    clients.add(client);
    return client;
  }

  private WebSocket rawSocket(TestCluster node, String userId, WebSocketClientOptions clientOptions) {
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(node.port(0))
      .setURI("/eventbus/websocket?token=" + node.token(userId, Role.AGENT));
    var client = client(clientOptions.setMaxFrameSize(1 << 20).setMaxMessageSize(1 << 20));
    return TestCluster.await(client.connect(options));
  }

  private static String setStatus(String replyAddress) {
    return new JsonObject().put("type", "send").put("address", Addresses.CHAT_SET_STATUS).put("replyAddress", replyAddress)
      .put("body", new JsonObject().put("status", "online")).encode();
  }

  @Test
  @DisplayName("on the raw WebSocket a ping is answered with a pong carrying its data, and a close with the same code")
  void rawWebSocketControlFrames() {
    WebSocket socket = rawSocket("7");
    var pong = new CompletableFuture<String>();
    var closed = new CompletableFuture<Short>();
    socket.pongHandler(data -> pong.complete(data.toString()));
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    socket.writePing(Buffer.buffer("are you there"));
    assertEquals("are you there", pong.orTimeout(5, TimeUnit.SECONDS).join());
    socket.close((short) 4321, "done");
    assertEquals((short) 4321, closed.orTimeout(5, TimeUnit.SECONDS).join());
    TestCluster.eventually("the closed session gone from /ready", () -> Rest.get(cluster.port(0), "/ready", null).body()
      .getInteger("sessions"), n -> n == 0);
  }

  @Test
  @DisplayName("on the raw WebSocket a message sent in fragments is read as one frame")
  void rawWebSocketFragments() {
    WebSocket socket = rawSocket("7");
    var reply = new CompletableFuture<JsonObject>();
    socket.textMessageHandler(text -> reply.complete(new JsonObject(text)));
    String frame = setStatus("fragmented");
    int half = frame.length() / 2;
    socket.writeFrame(WebSocketFrame.textFrame(frame.substring(0, half), false));
    socket.writeFrame(WebSocketFrame.continuationFrame(Buffer.buffer(frame.substring(half)), true));
    JsonObject answer = reply.orTimeout(5, TimeUnit.SECONDS).join();
    assertEquals("fragmented", answer.getString("address"));
    assertEquals("7", answer.getJsonObject("body").getString("userId"));
    socket.close();
  }

  @Test
  @DisplayName("by default a client that asks for per-message deflate is served uncompressed, and frames pass both ways")
  void deflateOffByDefault() {
    WebSocket socket = rawSocket(cluster, "7", new WebSocketClientOptions().setTryUsePerMessageCompression(true));
    assertNull(socket.headers().get("Sec-WebSocket-Extensions"));
    assertEquals("7", statusReply(socket).getJsonObject("body").getString("userId"));
    socket.close();
  }

  @Nested
  @TestInstance(TestInstance.Lifecycle.PER_CLASS)
  @DisplayName("with SWITCHBOARD_WS_DEFLATE=true")
  class WithDeflate {
    private TestCluster deflating;

    @BeforeAll
    void start() {
      deflating = TestCluster.start(1, new JsonObject().put(ConfigKeys.WS_DEFLATE, "true"));
    }

    @AfterAll
    void stop() {
      deflating.close();
    }

    @Test
    @DisplayName("a raw WebSocket client that asks for per-message deflate gets it, and frames pass both ways")
    void rawWebSocketCompressed() {
      WebSocket socket = rawSocket(deflating, "7", new WebSocketClientOptions().setTryUsePerMessageCompression(true));
      assertTrue(socket.headers().get("Sec-WebSocket-Extensions").contains("permessage-deflate"));
      assertEquals("7", statusReply(socket).getJsonObject("body").getString("userId"));
      socket.close();
    }
  }

  private static JsonObject statusReply(WebSocket socket) {
    var reply = new CompletableFuture<JsonObject>();
    socket.textMessageHandler(text -> reply.complete(new JsonObject(text)));
    socket.writeTextMessage(setStatus("status"));
    return reply.orTimeout(5, TimeUnit.SECONDS).join();
  }

  @Test
  @DisplayName("on the raw WebSocket a message over four times the frame limit closes the connection with 1009")
  void rawWebSocketMessageTooBig() {
    WebSocket socket = rawSocket("7");
    var closed = new CompletableFuture<Short>();
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
    socket.writeTextMessage("x".repeat(4 * 65536 + 1));
    assertEquals((short) 1009, closed.orTimeout(5, TimeUnit.SECONDS).join());
  }

  @Test
  @DisplayName("a plain GET on the raw WebSocket path is refused with 400 and INVALID_DATA")
  void rawWebSocketPathWithoutUpgrade() {
    var response = Rest.get(cluster.port(0), "/eventbus/websocket", cluster.token("7", Role.AGENT));
    assertEquals(400, response.status());
    assertEquals("INVALID_DATA", response.errorCode());
  }

  @Test
  @DisplayName("on SockJS's WebSocket transport a session opens with o, carries frames both ways in SockJS arrays, and closes with c[code,reason]")
  void sockJsWebSocketEnvelope() throws InterruptedException {
    var messages = new LinkedBlockingQueue<String>();
    var closed = new CompletableFuture<Short>();
    WebSocket socket = sockJsSocket("7", messages, closed);
    assertEquals("o", messages.poll(5, TimeUnit.SECONDS));
    socket.writeTextMessage(new JsonArray().add(setStatus("enveloped")).encode());
    String reply = messages.poll(5, TimeUnit.SECONDS);
    assertTrue(reply.startsWith("a["), reply);
    JsonObject frame = new JsonObject(new JsonArray(reply.substring(1)).getString(0));
    assertEquals("enveloped", frame.getString("address"));
    assertEquals("7", frame.getJsonObject("body").getString("userId"));
    // silent past the ping timeout: the session is closed as idle, in SockJS's words first
    String close = messages.poll(3 * PING_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    assertTrue(close.startsWith("c[4000,\"IDLE: "), close);
    assertEquals((short) 1000, closed.orTimeout(5, TimeUnit.SECONDS).join());
  }

  @Test
  @DisplayName("on SockJS's WebSocket transport a message that is not a JSON array of strings closes the connection with 1007")
  void sockJsWebSocketBadEnvelope() {
    var closed = new CompletableFuture<Short>();
    WebSocket socket = sockJsSocket("7", new LinkedBlockingQueue<>(), closed);
    socket.writeTextMessage(setStatus("bare"));
    assertEquals((short) 1007, closed.orTimeout(5, TimeUnit.SECONDS).join());
  }

  @Test
  @DisplayName("a plain GET on SockJS's WebSocket path gets SockJS's own answer, 400")
  void sockJsWebSocketPathWithoutUpgrade() throws Exception {
    String url = "http://127.0.0.1:" + cluster.port(0) + "/eventbus/123/abcdef/websocket?token=" + cluster.token("7", Role.AGENT);
    var response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
      HttpResponse.BodyHandlers.ofString());
    assertEquals(400, response.statusCode());
    assertEquals("Can \"Upgrade\" only to \"WebSocket\".", response.body());
  }

  /** A socket on SockJS's WebSocket transport whose handlers are set before it connects, so that no message is missed. */
  private WebSocket sockJsSocket(String userId, BlockingQueue<String> messages, CompletableFuture<Short> closed) {
    var options = new WebSocketConnectOptions().setHost("127.0.0.1").setPort(cluster.port(0))
      .setURI("/eventbus/123/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?token=" + cluster.token(userId, Role.AGENT));
    ClientWebSocket socket = client(new WebSocketClientOptions()).webSocket();
    socket.textMessageHandler(messages::add).closeHandler(v -> closed.complete(socket.closeStatusCode()));
    return TestCluster.await(socket.connect(options));
  }
}
