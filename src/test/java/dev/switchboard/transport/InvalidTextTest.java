package dev.switchboard.transport;

import dev.switchboard.auth.Role;
import dev.switchboard.bus.Addresses;
import dev.switchboard.testing.BridgeClient;
import dev.switchboard.testing.EngineIoClient;
import dev.switchboard.testing.Frames;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TcpWebSocket;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Text is stored as it was sent or not at all: bytes that are not UTF-8, and JSON escapes that
 * leave an unpaired surrogate, are refused at every way in, and the room's history shows nothing of
 * them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("Text that is not valid Unicode")
class InvalidTextTest {
  /** The JSON escape of a lone high surrogate, as text: six ASCII characters on the wire. */
  private static final String LONE_SURROGATE = "\\" + "ud800";
  /** Stands for bytes spliced into a frame's text after it is encoded. */
  private static final String SPLICE = "SPLICE";

  private TestCluster cluster;
  private String member;

  @BeforeAll
  void start() {
    cluster = TestCluster.start(1);
    member = cluster.token("writer", Role.AGENT);
  }

  @AfterAll
  void stop() {
    cluster.close();
  }

  private String room() {
    var created = Rest.post(cluster.port(0), "/rooms", member,
      new JsonObject().put("name", "unicode").put("members", new JsonArray()).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private List<String> history(String roomId) {
    return Rest.get(cluster.port(0), "/rooms/" + roomId + "/messages", member).body().getJsonArray("messages")
      .stream().map(message -> ((JsonObject) message).getString("body")).toList();
  }

  /** A bridge frame sending a message to the room, with {@code SPLICE} in its text. */
  private static String messageFrame(String roomId) {
    return new JsonObject().put("type", "send").put("address", Addresses.CHAT_MESSAGE).put("replyAddress", "r")
      .put("body", new JsonObject().put("roomId", roomId).put("body", "text " + SPLICE)).encode();
  }

  /** {@code text} as UTF-8 with {@code bad} in place of {@code SPLICE}. */
  private static byte[] spliced(String text, byte[] bad) {
    int at = text.indexOf(SPLICE);
    var bytes = new ByteArrayOutputStream();
    bytes.writeBytes(text.substring(0, at).getBytes(StandardCharsets.UTF_8));
    bytes.writeBytes(bad);
    bytes.writeBytes(text.substring(at + SPLICE.length()).getBytes(StandardCharsets.UTF_8));
    return bytes.toByteArray();
  }

  /** SockJS's envelope around {@code frame}, escaping one level only: the SockJS string itself holds what is spliced. */
  private static String envelope(String frame) {
    return new JsonArray().add(frame).encode();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"ff", "c328", "eda080", "c0af", "f4908080"})
  @DisplayName("on the bridge's raw WebSocket, a text message that is not UTF-8 closes the connection with 1007, and nothing is stored")
  void rawWebSocket(String hex) {
    String roomId = room();
    try (var socket = TcpWebSocket.connect(cluster.port(0), "/eventbus/websocket?token=" + member, 0)) {
      assertEquals(101, socket.status());
      socket.sendText(spliced(messageFrame(roomId), HexFormat.of().parseHex(hex)));
      assertEquals(1007, socket.awaitClose());
    }
    assertEquals(List.of(), history(roomId));
  }

  @Test
  @DisplayName("on SockJS's WebSocket transport, bytes that are not UTF-8, or an envelope escaping an unpaired surrogate, close the connection with 1007")
  void sockJsWebSocket() {
    String roomId = room();
    String uri = "/eventbus/123/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?token=" + member;
    try (var socket = TcpWebSocket.connect(cluster.port(0), uri, 0)) {
      assertEquals("o", socket.nextText());
      socket.sendText(spliced(envelope(messageFrame(roomId)), HexFormat.of().parseHex("ff")));
      assertEquals(1007, socket.awaitClose());
    }
    String uri2 = "/eventbus/123/" + UUID.randomUUID().toString().substring(0, 8) + "/websocket?token=" + member;
    try (var socket = TcpWebSocket.connect(cluster.port(0), uri2, 0)) {
      assertEquals("o", socket.nextText());
      socket.sendText(envelope(messageFrame(roomId)).replace(SPLICE, LONE_SURROGATE));
      assertEquals(1007, socket.awaitClose());
    }
    assertEquals(List.of(), history(roomId));
  }

  @Test
  @DisplayName("on Socket.IO's WebSocket transport, a text message that is not UTF-8 closes the connection with 1007")
  void socketIoWebSocket() {
    try (var socket = TcpWebSocket.connect(cluster.port(0), "/socket.io/?EIO=4&transport=websocket", 0)) {
      assertTrue(socket.nextText().startsWith("0{"));
      socket.sendText(HexFormat.of().parseHex("34325b22ff225d"));
      assertEquals(1007, socket.awaitClose());
    }
  }

  @Test
  @DisplayName("a bridge frame whose JSON escapes an unpaired surrogate is refused with INVALID_DATA; the session stays and nothing is stored")
  void escapedSurrogateOnTheBridge() {
    String roomId = room();
    try (var client = BridgeClient.connect(cluster.port(0), member)) {
      client.raw(messageFrame(roomId).replace(SPLICE, LONE_SURROGATE));
      JsonObject refusal = client.next();
      Frames.assertError(refusal, 400, "INVALID_DATA");
      assertEquals("INVALID_DATA: body must be valid Unicode text (it has an unpaired surrogate)", refusal.getString("message"));
      client.ask(Addresses.CHAT_MESSAGE, new JsonObject().put("roomId", roomId).put("body", "marker"));
    }
    assertEquals(List.of("marker"), history(roomId));
  }

  @Test
  @DisplayName("a Socket.IO event whose JSON escapes an unpaired surrogate is refused with INVALID_DATA, and nothing is stored")
  void escapedSurrogateOnSocketIo() {
    String roomId = room();
    try (var client = EngineIoClient.connect(cluster.port(0), "/socket.io/")) {
      client.send("40" + new JsonObject().put("token", member).encode());
      assertTrue(client.next().startsWith("40{"));
      client.send("421[\"internal-chat:message\",{\"roomId\":\"" + roomId + "\",\"body\":\"" + LONE_SURROGATE + "\"}]");
      String ack = client.next();
      assertTrue(ack.startsWith("431["), ack);
      assertEquals("INVALID_DATA", new JsonArray(ack.substring(3)).getJsonObject(0).getJsonObject("error").getString("code"));
    }
    assertEquals(List.of(), history(roomId));
  }

  @Test
  @DisplayName("a REST body that is not UTF-8, or that escapes an unpaired surrogate, is refused with 400 INVALID_DATA, and nothing is created")
  void restBodies() {
    String roomId = "unicode-" + UUID.randomUUID().toString().substring(0, 8);
    String room = new JsonObject().put("id", roomId).put("members", new JsonArray()).put("name", "caf" + SPLICE).encode();
    for (byte[] bad : List.of(HexFormat.of().parseHex("ff"), HexFormat.of().parseHex("eda080"),
      LONE_SURROGATE.getBytes(StandardCharsets.US_ASCII))) {
      var refused = Rest.request("POST", cluster.port(0), "/rooms", member, spliced(room, bad));
      assertEquals(400, refused.status(), refused.body().encode());
      assertEquals("INVALID_DATA", refused.errorCode());
    }
    // the id was never taken
    var created = Rest.post(cluster.port(0), "/rooms", member, room.replace(SPLICE, "\u00e9"));
    assertEquals(201, created.status(), created.body().encode());
    assertEquals("caf\u00e9", created.body().getString("name"));
  }

  @Test
  @DisplayName("a SockJS XHR send that is not UTF-8, or that escapes an unpaired surrogate, is refused with 400 INVALID_DATA, and nothing is stored")
  void sockJsXhrSend() throws Exception {
    String roomId = room();
    String base = "http://127.0.0.1:" + cluster.port(0) + "/eventbus/000/" + UUID.randomUUID().toString().substring(0, 8) + "/";
    assertEquals("o", xhr(base + "xhr?token=" + member, new byte[0]).body().trim());
    String envelope = envelope(messageFrame(roomId));
    for (byte[] body : List.of(spliced(envelope, HexFormat.of().parseHex("ff")),
      spliced(envelope, LONE_SURROGATE.getBytes(StandardCharsets.US_ASCII)))) {
      var refused = xhr(base + "xhr_send?token=" + member, body);
      assertEquals(400, refused.statusCode(), refused.body());
      assertEquals("INVALID_DATA", new JsonObject(refused.body()).getJsonObject("error").getString("code"));
    }
    String marker = new JsonObject().put("type", "send").put("address", Addresses.CHAT_MESSAGE)
      .put("body", new JsonObject().put("roomId", roomId).put("body", "marker")).encode();
    assertEquals(204, xhr(base + "xhr_send?token=" + member, new JsonArray().add(marker).encode().getBytes(StandardCharsets.UTF_8)).statusCode());
    assertEquals(List.of("marker"), TestCluster.eventually("the marker stored", () -> history(roomId), h -> !h.isEmpty()));
  }

  /** One XHR POST on a connection of its own, as in ConnectionTest: SockJS closes the connection after each poll. */
  private static HttpResponse<String> xhr(String url, byte[] body) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    return http.send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
      HttpResponse.BodyHandlers.ofString());
  }
}
