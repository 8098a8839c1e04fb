package dev.switchboard.wsjson;

import dev.switchboard.auth.Role;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.Jwts;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TcpWebSocket;
import dev.switchboard.testing.TestCluster;
import dev.switchboard.testing.TwoNodeClusterTest;
import dev.switchboard.testing.WsJsonClient;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Seed 001's two WebSocket endpoints under bad input, on a two-node cluster (the ticket is opened on
 * one node, its chat on the other): each kind gets a clear refusal with a code, an {@code error}
 * event on a socket that stays usable or a close code the client can act on, and nothing is stored.
 * A refusal is followed by a valid request (a marker) whose answer must come next: nothing else was
 * sent, and the socket still works.
 */
@DisplayName("Seed 001's WebSocket endpoints under bad input")
class WsJsonEndpointTest extends TwoNodeClusterTest {
  /** The gateway's defaults, which this cluster keeps. */
  private static final int MAX_FRAME_BYTES = 65_536;
  private static final int MAX_BODY_BYTES = 8_192;

  private final Vertx client = Vertx.vertx();

  @AfterAll
  void closeClient() {
    TestCluster.await(client.close());
  }

  /** A customer's own ticket, opened on node A. */
  private record Ticket(String id, String customerId, String token) {
  }

  private Ticket ticket() {
    String customerId = TestCluster.fresh("c-");
    String token = cluster.token(customerId, Role.CUSTOMER);
    var created = Rest.post(cluster.port(A), "/tickets", token,
      new JsonObject().put("subject", "bad input").put("departmentId", "d1").encode());
    assertEquals(201, created.status(), created.body().encode());
    return new Ticket(created.body().getString("id"), customerId, token);
  }

  /** The ticket's stored message bodies, oldest first (the page is newest first). */
  private List<String> history(Ticket ticket) {
    var answer = Rest.get(cluster.port(A), "/tickets/" + ticket.id() + "/messages?limit=100", ticket.token());
    assertEquals(200, answer.status(), answer.body().encode());
    List<String> bodies = new ArrayList<>(answer.body().getJsonArray("messages").stream()
      .map(m -> ((JsonObject) m).getString("body")).toList());
    Collections.reverse(bodies);
    return bodies;
  }

  /** The ticket's chat on node B, open: its {@code recent_messages} read. */
  private WsJsonClient openChat(Ticket ticket) {
    var chat = WsJsonClient.connect(client, cluster.port(B), "/ws/chat/" + ticket.id() + "/?token=" + ticket.token());
    chat.assertNext("recent_messages");
    return chat;
  }

  private static JsonObject chatMessage(String content) {
    return new JsonObject().put("type", "chat_message").put("content", content);
  }

  /** Fails unless {@code frame} is an {@code error} event of {@code code}, in seed 001's shape. */
  private static JsonObject assertError(JsonObject frame, String code) {
    assertEquals("error", frame.getString("type"), frame.encode());
    assertEquals(code, frame.getString("code"), frame.encode());
    assertEquals(code + ": " + frame.getString("error"), frame.getString("message"), frame.encode());
    return frame;
  }

  /** A message that is refused with an {@code error} of {@code code} (and {@code text}, when not null). */
  private record Bad(String what, String frame, String code, String text) {
  }

  @Test
  @DisplayName("on a chat, each bad message gets an error event with its code, is not stored, and the chat goes on")
  void badChatMessages() {
    Ticket ticket = ticket();
    List<Bad> bad = List.of(
      new Bad("not JSON", "{\"type\": \"chat_message\", \"content\": ", "INVALID_DATA", "the message is not JSON"),
      new Bad("JSON but not an object", "[\"chat_message\"]", "INVALID_DATA", null),
      new Bad("no type", new JsonObject().put("content", "typeless").encode(), "INVALID_DATA", null),
      new Bad("a type that is not text", new JsonObject().put("type", 7).put("content", "numbered").encode(), "INVALID_DATA", null),
      new Bad("an unknown type", new JsonObject().put("type", "shout").put("content", "unknown").encode(), "INVALID_DATA", null),
      new Bad("chat_message without content", new JsonObject().put("type", "chat_message").encode(), "INVALID_DATA",
        ChatEndpoint.EMPTY_CONTENT),
      new Bad("empty content", chatMessage("").encode(), "INVALID_DATA", ChatEndpoint.EMPTY_CONTENT),
      new Bad("blank content", chatMessage(" \n\t ").encode(), "INVALID_DATA", ChatEndpoint.EMPTY_CONTENT),
      new Bad("content over the body limit", chatMessage("b".repeat(MAX_BODY_BYTES + 1)).encode(), "PAYLOAD_TOO_LARGE", null),
      new Bad("a message over the frame limit", chatMessage("f".repeat(MAX_FRAME_BYTES)).encode(), "PAYLOAD_TOO_LARGE", null),
      new Bad("typing that is not true or false", new JsonObject().put("type", "typing").put("is_typing", "yes").encode(),
        "INVALID_DATA", null));
    List<String> markers = new ArrayList<>();
    try (var chat = openChat(ticket)) {
      for (Bad each : bad) {
        chat.send(each.frame());
        JsonObject error = assertError(chat.next(), each.code());
        if (each.text() != null) {
          assertEquals(each.text(), error.getString("error"), each.what());
        }
        String marker = "after " + each.what();
        chat.send(chatMessage(marker));
        assertEquals(marker, chat.assertNext("chat_message").getJsonObject("message").getString("content"),
          "the chat is usable after " + each.what());
        markers.add(marker);
      }
    }
    assertEquals(markers, history(ticket), "only the markers were stored");
  }

  @Test
  @DisplayName("on the conversations list, each bad message gets an error event with its code, and the list still answers")
  void badConversationsMessages() {
    String token = cluster.token(TestCluster.fresh("a-"), Role.AGENT, "d1");
    List<Bad> bad = List.of(
      new Bad("not JSON", "get_conversations", "INVALID_DATA", "the message is not JSON"),
      new Bad("no type", "{}", "INVALID_DATA", null),
      new Bad("an unknown type", new JsonObject().put("type", "get_everything").encode(), "INVALID_DATA", null),
      new Bad("a chat's event", chatMessage("wrong socket").encode(), "INVALID_DATA", null),
      new Bad("a message over the frame limit", new JsonObject().put("type", "get_conversations")
        .put("padding", "p".repeat(MAX_FRAME_BYTES)).encode(), "PAYLOAD_TOO_LARGE", null));
    try (var list = WsJsonClient.connect(client, cluster.port(B), "/ws/conversations/?token=" + token)) {
      for (Bad each : bad) {
        list.send(each.frame());
        JsonObject error = assertError(list.next(), each.code());
        if (each.text() != null) {
          assertEquals(each.text(), error.getString("error"), each.what());
        }
        list.send(new JsonObject().put("type", "get_conversations"));
        list.assertNext("conversations_list");
      }
    }
  }

  @Test
  @DisplayName("answers come in the order of the messages, a refused message's error too, also before the chat is open")
  void refusalsKeepTheClientsOrder() {
    Ticket ticket = ticket();
    try (var chat = WsJsonClient.connect(client, cluster.port(B), "/ws/chat/" + ticket.id() + "/?token=" + ticket.token())) {
      // sent at once, while the chat is still being opened: its answer comes after recent_messages
      chat.send("not json");
      chat.send(chatMessage("first"));
      chat.send("{}");
      chat.send(chatMessage("second"));
      chat.assertNext("recent_messages");
      assertError(chat.next(), "INVALID_DATA");
      assertEquals("first", chat.assertNext("chat_message").getJsonObject("message").getString("content"));
      assertError(chat.next(), "INVALID_DATA");
      assertEquals("second", chat.assertNext("chat_message").getJsonObject("message").getString("content"));
    }
    assertEquals(List.of("first", "second"), history(ticket));
  }

  @Test
  @DisplayName("a message over four times the frame limit closes the chat with 1009, and is not stored")
  void messageTooBig() {
    Ticket ticket = ticket();
    try (var chat = openChat(ticket)) {
      chat.send(chatMessage("h".repeat(4 * MAX_FRAME_BYTES)));
      assertEquals(1009, chat.awaitClose().code());
    }
    assertEquals(List.of(), history(ticket));
  }

  @Test
  @DisplayName("a text message that is not UTF-8 closes the chat with 1007, and is not stored")
  void notUtf8() {
    Ticket ticket = ticket();
    byte[] prefix = "{\"type\":\"chat_message\",\"content\":\"caf".getBytes(StandardCharsets.US_ASCII);
    byte[] broken = {(byte) 0xC3, (byte) 0x28, '"', '}'}; // 0xC3 starts a two-byte sequence that 0x28 does not continue
    byte[] payload = new byte[prefix.length + broken.length];
    System.arraycopy(prefix, 0, payload, 0, prefix.length);
    System.arraycopy(broken, 0, payload, prefix.length, broken.length);
    try (var chat = TcpWebSocket.connect(cluster.port(B), "/ws/chat/" + ticket.id() + "/?token=" + ticket.token(), 0)) {
      assertEquals(101, chat.status());
      assertEquals("recent_messages", new JsonObject(chat.nextText()).getString("type"));
      chat.sendText(payload);
      assertEquals(1007, chat.awaitClose());
    }
    assertEquals(List.of(), history(ticket));
  }

  /** A chat that cannot be opened: its id, who tries, and the error code and close code expected. */
  private record Refused(String what, String conversationId, String token, String code, int close) {
  }

  @Test
  @DisplayName("a chat that does not exist, may not be seen, or has a malformed id gets an error event, then 4404, 4403, 4400")
  void refusedConversations() {
    Ticket someoneElses = ticket();
    Ticket mine = ticket();
    String member = TestCluster.fresh("a-");
    String room = Rest.post(cluster.port(A), "/rooms", cluster.token(member, Role.AGENT), new JsonObject()
      .put("name", "staff only").put("members", new JsonArray().add(member)).encode()).body().getString("id");
    String outsider = cluster.token(TestCluster.fresh("a-"), Role.AGENT, "d-other");
    for (Refused each : List.of(
      new Refused("a conversation that does not exist", TestCluster.fresh("nope-"), mine.token(), "ROOM_NOT_FOUND", 4404),
      new Refused("another customer's ticket", someoneElses.id(), mine.token(), "ACCESS_DENIED", 4403),
      new Refused("a ticket of another department", someoneElses.id(), outsider, "ACCESS_DENIED", 4403),
      new Refused("a room one is not a member of", room, outsider, "ACCESS_DENIED", 4403),
      new Refused("a malformed id", "not.an.id", mine.token(), "INVALID_DATA", 4400))) {
      try (var chat = WsJsonClient.connect(client, cluster.port(B), "/ws/chat/" + each.conversationId() + "/?token=" + each.token())) {
        JsonObject error = assertError(chat.next(), each.code());
        WsJsonClient.Close close = chat.awaitClose();
        assertEquals(each.close(), close.code(), each.what());
        assertEquals(error.getString("message"), close.reason(), each.what());
      }
    }
    assertEquals(List.of(), history(someoneElses), "the refused chats wrote nothing");
  }

  @Test
  @DisplayName("no token, a bad token or an expired token: the upgrade succeeds and the socket closes with 1008, on both endpoints")
  void refusedTokens() {
    Ticket ticket = ticket();
    String expired = Jwts.hs256(new JsonObject().put("sub", ticket.customerId()).put("role", "customer")
      .put("iss", "switchboard").put("aud", "switchboard").put("exp", System.currentTimeMillis() / 1000 - 60), TestCluster.SECRET);
    String forged = Jwts.hs256(new JsonObject().put("sub", ticket.customerId()).put("role", "customer")
      .put("iss", "switchboard").put("aud", "switchboard").put("exp", System.currentTimeMillis() / 1000 + 600),
      "not-the-secret-0123456789-0123456789-abcdef");
    for (String path : List.of("/ws/conversations/", "/ws/chat/" + ticket.id() + "/")) {
      for (String query : List.of("", "?token=", "?token=garbage", "?token=" + forged, "?token=" + expired)) {
        try (var socket = WsJsonClient.connect(client, cluster.port(B), path + query)) {
          WsJsonClient.Close close = socket.awaitClose();
          assertEquals(1008, close.code(), path + query);
          assertTrue(close.reason().startsWith("AUTH_REQUIRED: "), close.reason());
        }
      }
    }
    assertEquals(List.of(), history(ticket));
  }

  @Test
  @DisplayName("WebSocket pings are signs of life: a client that only pings stays open past the ping timeout, an idle one is closed with 4000")
  void pingsKeepASocketAlive() throws InterruptedException {
    long timeoutMs = 1000;
    try (var small = TestCluster.start(1, new JsonObject().put(ConfigKeys.PING_TIMEOUT_MS, timeoutMs))) {
      String token = small.token(TestCluster.fresh("a-"), Role.AGENT, "d1");
      try (var pinging = WsJsonClient.connect(client, small.port(0), "/ws/conversations/?token=" + token);
           var idle = WsJsonClient.connect(client, small.port(0), "/ws/conversations/?token=" + token)) {
        // the idle socket, opened after this one, is the clock: once it is closed, the timeout has passed for both
        for (int i = 0; i < 50 && !idle.isClosed(); i++) {
          pinging.ping();
          Thread.sleep(timeoutMs / 5);
        }
        WsJsonClient.Close close = idle.awaitClose();
        assertEquals(4000, close.code());
        assertTrue(close.reason().startsWith("IDLE: "), close.reason());
        assertFalse(pinging.isClosed(), "the pinging socket was closed: " + (pinging.isClosed() ? pinging.awaitClose() : ""));
        pinging.send(new JsonObject().put("type", "get_conversations"));
        pinging.assertNext("conversations_list");
      }
    }
  }
}
