package dev.switchboard.socketio;

import dev.switchboard.auth.Role;
import dev.switchboard.testing.EngineIoClient;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TwoNodeClusterTest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway's Socket.IO endpoint, spoken packet by packet, where no client library would go. */
@DisplayName("The Socket.IO endpoint")
class SocketIoEndpointTest extends TwoNodeClusterTest {
  private static final AtomicLong ROOM_IDS = new AtomicLong(9000);

  private String room(String member) {
    var created = Rest.post(cluster.port(A), "/rooms", cluster.token("owner", Role.AGENT),
      new JsonObject().put("id", ROOM_IDS.incrementAndGet()).put("name", "endpoint")
        .put("members", new JsonArray().add(member)).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body().getString("id");
  }

  private EngineIoClient connected(String user) {
    var client = EngineIoClient.connect(cluster.port(A), "/socket.io/");
    client.send("40" + new JsonObject().put("token", cluster.token(user, Role.CUSTOMER)).encode());
    String reply = client.next();
    assertTrue(reply.startsWith("40{"), reply);
    JsonObject connected = new JsonObject(reply.substring(2));
    assertTrue(connected.containsKey("sid") && connected.containsKey("pid"), reply);
    return client;
  }

  private JsonArray history(String roomId) {
    return Rest.get(cluster.port(B), "/rooms/" + roomId + "/messages", cluster.token("owner", Role.AGENT)).body()
      .getJsonArray("messages");
  }

  @Test
  @DisplayName("a CONNECT without a token, or with a bad one, is a CONNECT_ERROR whose message starts with the code")
  void refusedConnect() {
    try (var client = EngineIoClient.connect(cluster.port(A), "/api/socket_io/")) {
      client.send("40");
      JsonObject refusal = new JsonObject(client.next().substring(2));
      assertTrue(refusal.getString("message").startsWith("AUTH_REQUIRED: "), refusal.encode());
      assertEquals(new JsonObject().put("code", "AUTH_REQUIRED"), refusal.getJsonObject("data"));
      client.send("40{\"token\":\"not.a.token\"}");
      assertTrue(client.next().startsWith("44{\"message\":\"AUTH_REQUIRED: invalid token"));
    }
  }

  @Test
  @DisplayName("a CONNECT to a namespace that is not configured gets Invalid namespace, many times over, and the node keeps serving")
  void unknownNamespaces() {
    try (var client = EngineIoClient.connect(cluster.port(A), "/socket.io/")) {
      for (int i = 0; i < 50; i++) {
        client.send("40/nope" + i + ",{}");
        assertEquals("44/nope" + i + ",{\"message\":\"Invalid namespace\"}", client.next());
      }
    }
    connected("after-the-flood").close();
  }

  @Test
  @DisplayName("an unknown event, a payload that is not an object, and a non-member's message are refused with codes, and nothing is stored")
  void refusedEvents() {
    String roomId = room("member");
    try (var client = connected("outsider")) {
      client.send("42[\"internal-chat:delete-everything\",{}]");
      assertEquals("INVALID_DATA", errorEvent(client.next()).getString("code"));
      client.send("421[\"internal-chat:message\",\"just text\"]");
      assertEquals("INVALID_DATA", ackError(client.next(), 1).getString("code"));
      client.send("422[\"internal-chat:message\",{\"roomId\":" + roomId + ",\"body\":\"let me in\"}]");
      assertEquals("ACCESS_DENIED", ackError(client.next(), 2).getString("code"));
      client.send("42[\"internal-chat:join\",{\"roomId\":" + roomId + "}]");
      assertEquals("ACCESS_DENIED", errorEvent(client.next()).getString("code"));
      client.send("42[\"internal-chat:message\",{\"roomId\":" + roomId + ",\"body\":\"" + "x".repeat(9000) + "\"}]");
      assertEquals("PAYLOAD_TOO_LARGE", errorEvent(client.next()).getString("code"));
    }
    assertTrue(history(roomId).isEmpty());
  }

  @Test
  @DisplayName("an ack for an id the server never asked is ignored: the next answer is the marker's")
  void unknownAck() {
    try (var client = connected("acker")) {
      client.send("43[{\"surprise\":true}]");
      client.send("4377[]");
      client.send("425[\"presence:heartbeat\",{}]");
      assertTrue(client.next().startsWith("435["), "the heartbeat's ack comes next");
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"42[oops", "42{\"not\":\"an array\"}", "42[42,{\"body\":\"x\"}]", "49[]", "42[]",
    "4299999999999999999[\"internal-chat:message\",{\"body\":\"x\"}]", "411-[\"internal-chat:message\",{\"body\":\"x\"}]"})
  @DisplayName("a packet that breaks the protocol closes the connection, reaches no domain, and the node keeps serving")
  void malformedPackets(String packet) {
    String roomId = room("breaker");
    try (var client = connected("breaker")) {
      client.send(packet.replace("{\"body\"", "{\"roomId\":" + roomId + ",\"body\""));
      client.awaitClose();
    }
    assertTrue(history(roomId).isEmpty());
    connected("after-the-breaker").close();
  }

  @Test
  @DisplayName("a WebSocket message above maxPayload closes the connection with 1009")
  void oversizedMessage() {
    try (var client = connected("big")) {
      client.send("42[\"presence:heartbeat\",{\"pad\":\"" + "x".repeat(4 * 65536) + "\"}]");
      assertEquals(1009, client.awaitClose());
    }
  }

  private static JsonObject errorEvent(String packet) {
    assertTrue(packet.startsWith("42[\"error\","), packet);
    return new JsonArray(packet.substring(2)).getJsonObject(1);
  }

  private static JsonObject ackError(String packet, int id) {
    assertTrue(packet.startsWith("43" + id + "["), packet);
    return new JsonArray(packet.substring(("43" + id).length())).getJsonObject(0).getJsonObject("error");
  }
}
