package dev.switchboard.channels;

import dev.switchboard.auth.Role;
import dev.switchboard.config.ConfigKeys;
import dev.switchboard.testing.FakePlatform;
import dev.switchboard.testing.Rest;
import dev.switchboard.testing.TestCluster;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static dev.switchboard.channels.TelegramFixtures.update;
import static dev.switchboard.testing.TestCluster.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Telegram and Instagram channels on a two-node cluster, against fake platform servers: admins add
 * channels, customers write through verified webhooks and reach agents at once, and agents' replies
 * reach the platforms once each, across outages.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DisplayName("External channels: Telegram and Instagram")
class ChannelsTest {
  private static final int A = 0;
  private static final int B = 1;
  private FakePlatform telegram;
  private FakePlatform instagram;
  private TestCluster cluster;
  private final Vertx client = Vertx.vertx();
  /** Held for as long as the socket: Vert.x closes a WebSocketClient, and its sockets, once the client is garbage collected. */
  private final WebSocketClient webSockets = client.createWebSocketClient();
  private String admin;

  @BeforeAll
  void start() {
    telegram = new FakePlatform();
    instagram = new FakePlatform();
    cluster = TestCluster.start(2, new JsonObject().put(ConfigKeys.TELEGRAM_API_URL, telegram.url())
      .put(ConfigKeys.INSTAGRAM_API_URL, instagram.url()));
    admin = cluster.token("root", Role.ADMIN);
  }

  @AfterAll
  void stop() {
    cluster.close();
    telegram.close();
    instagram.close();
    TestCluster.await(client.close());
  }

  private JsonObject telegramChannel(String dept) {
    return TelegramFixtures.telegramChannel(cluster.port(A), admin, dept);
  }

  private JsonObject instagramChannel(String dept) {
    var created = Rest.post(cluster.port(A), "/channels", admin, new JsonObject().put("type", "instagram")
      .put("accountId", "1784").put("accessToken", "ig-access").put("appSecret", "app-secret")
      .put("verifyToken", "verify-me").put("departmentId", dept).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body();
  }

  private Rest.Response telegramHook(JsonObject channel, String secret, String body) {
    return TelegramFixtures.telegramHook(cluster.port(A), channel, secret, body);
  }

  /** The tickets of the department, as an admin lists them. */
  private JsonArray tickets(String dept) {
    return Rest.get(cluster.port(B), "/tickets?departmentId=" + dept, admin).body().getJsonArray("tickets");
  }

  private JsonArray messages(String ticketId) {
    return Rest.get(cluster.port(B), "/tickets/" + ticketId + "/messages", admin).body().getJsonArray("messages");
  }

  /** Every frame a seed 001 socket gets, in order. */
  private List<JsonObject> frames(int node, String path, String token) {
    List<JsonObject> frames = new CopyOnWriteArrayList<>();
    ClientWebSocket socket = webSockets.webSocket();
    socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
    TestCluster.await(socket.connect(cluster.port(node), "127.0.0.1", path + "?token=" + token));
    if (path.startsWith("/ws/conversations")) {
      socket.writeTextMessage(new JsonObject().put("type", "get_conversations").encode());
    }
    return frames;
  }

  @Test
  @DisplayName("an admin adds, lists and deletes channels; secrets never come back; others may not")
  void adminChannels() {
    JsonObject channel = telegramChannel(TestCluster.fresh("d"));
    assertEquals("telegram", channel.getString("type"));
    assertEquals("/webhooks/telegram/" + channel.getString("id"), channel.getString("webhookPath"));
    String listed = Rest.get(cluster.port(B), "/channels", admin).body().encode();
    assertTrue(listed.contains(channel.getString("id")), listed);
    for (String secret : List.of("bot-secret", "hook-secret", "botToken", "secretToken")) {
      assertFalse(listed.contains(secret) || channel.encode().contains(secret), secret + " leaked: " + listed);
    }
    assertEquals(403, Rest.get(cluster.port(A), "/channels", cluster.token("a1", Role.AGENT)).status());
    assertEquals(200, Rest.send(cluster.port(B), "/channels/" + channel.getString("id"), admin, "DELETE").status());
    assertEquals("CHANNEL_NOT_FOUND", Rest.send(cluster.port(B), "/channels/" + channel.getString("id"), admin, "DELETE").errorCode());
  }

  @Test
  @DisplayName("a channel without its secrets, of an unknown type or with unknown fields is refused with 400")
  void badChannels() {
    for (JsonObject bad : List.of(new JsonObject().put("type", "telegram").put("botToken", "x"),
      new JsonObject().put("type", "whatsapp").put("botToken", "x").put("secretToken", "y"),
      new JsonObject().put("type", "telegram").put("botToken", "x").put("secretToken", "y").put("extra", 1))) {
      var refused = Rest.post(cluster.port(A), "/channels", admin, bad.encode());
      assertEquals(400, refused.status(), bad.encode());
      assertEquals("INVALID_DATA", refused.errorCode());
    }
  }

  @Test
  @DisplayName("a Telegram customer's message reaches an agent on the other node at once, is stored once, and the reply is sent once across an outage")
  void telegramRoundTrip() {
    String dept = TestCluster.fresh("d");
    JsonObject channel = telegramChannel(dept);
    String agent = cluster.token(TestCluster.fresh("a"), Role.AGENT, dept);
    List<JsonObject> agentList = frames(B, "/ws/conversations/", agent);
    agentListSubscribed(agentList);

    String update = update(7001, 5550001, "Hello from Telegram");
    assertEquals(200, telegramHook(channel, "hook-secret", update).status());
    assertEquals(200, telegramHook(channel, "hook-secret", update).status(), "a platform retry is answered 2xx too");
    JsonObject news = eventually("new_customer_message on the agent's list", () -> agentList.stream()
      .filter(f -> "new_customer_message".equals(f.getString("type"))).findFirst().orElse(null), f -> f != null);
    assertEquals("Hello from Telegram", news.getJsonObject("message").getString("content"));

    JsonObject ticket = tickets(dept).getJsonObject(0);
    assertEquals("telegram", ticket.getString("source"));
    assertEquals("John Doe", ticket.getString("customerName"));
    assertEquals("telegram - John Doe", ticket.getString("subject"));
    assertEquals(1, messages(ticket.getString("id")).size(), "the retried update is stored once");

    List<JsonObject> chat = openChat(ticket.getString("id"), agent);
    telegram.failNext(500, "{\"ok\":false}");
    telegram.failNext(429, "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":1}}");
    assertEquals(201, Rest.post(cluster.port(B), "/tickets/" + ticket.getString("id") + "/messages", agent,
      new JsonObject().put("body", "internal: check the order").put("isInternal", true).encode()).status());
    reply(ticket.getString("id"), agent, "We are on it");
    assertEquals(new JsonObject().put("success", true).put("platform", "telegram"), sendResult(chat, 0));
    List<FakePlatform.Received> sent = sentTo("5550001").stream().filter(r -> r.status() == 200).toList();
    assertEquals(1, sent.size(), "one send taken per reply, and none for the internal note: " + telegram.received());
    assertEquals("/bot123:bot-secret/sendMessage", sent.get(0).path());
    assertEquals(new JsonObject().put("chat_id", "5550001").put("text", "We are on it"), sent.get(0).body());
    assertEquals(List.of(500, 429, 200), statuses("5550001"), "a 500 and a 429, then the send");
  }

  @Test
  @DisplayName("a platform out of reach is tried again until it answers; a refusal for good is told as failed, with the platform's reason, and not tried again")
  void unreachableThenRefused() {
    String dept = TestCluster.fresh("d");
    JsonObject channel = telegramChannel(dept);
    assertEquals(200, telegramHook(channel, "hook-secret", update(7101, 5550101, "Anyone there?")).status());
    String ticketId = tickets(dept).getJsonObject(0).getString("id");
    String agent = cluster.token(TestCluster.fresh("a"), Role.AGENT, dept);
    List<JsonObject> chat = openChat(ticketId, agent);

    telegram.dropNext(2);
    reply(ticketId, agent, "Yes, here");
    assertEquals(new JsonObject().put("success", true).put("platform", "telegram"), sendResult(chat, 0));
    assertEquals(List.of(FakePlatform.UNANSWERED, FakePlatform.UNANSWERED, 200), statuses("5550101"),
      "two connections dropped, then the send");

    telegram.failNext(403, "{\"ok\":false,\"error_code\":403,\"description\":\"Forbidden: bot was blocked by the user\"}");
    reply(ticketId, agent, "Hello?");
    assertEquals(new JsonObject().put("success", false).put("platform", "telegram")
      .put("error", "HTTP 403: Forbidden: bot was blocked by the user"), sendResult(chat, 1));
    // the outcome is told once the reply is settled, and no node claims a settled reply: the count is final
    assertEquals(List.of(FakePlatform.UNANSWERED, FakePlatform.UNANSWERED, 200, 403), statuses("5550101"),
      "the refused reply was sent once");
  }

  private List<JsonObject> openChat(String ticketId, String agent) {
    List<JsonObject> chat = frames(B, "/ws/chat/" + ticketId + "/", agent);
    eventually("the chat is open", () -> chat, f -> !f.isEmpty());
    return chat;
  }

  private void reply(String ticketId, String agent, String text) {
    assertEquals(201, Rest.post(cluster.port(B), "/tickets/" + ticketId + "/messages", agent,
      new JsonObject().put("body", text).encode()).status());
  }

  /** The {@code index}-th send outcome told on a ticket's chat, once it has come. */
  private static JsonObject sendResult(List<JsonObject> chat, int index) {
    return eventually("external_send_result #" + (index + 1) + " on the chat", () -> chat.stream()
        .filter(f -> "external_send_result".equals(f.getString("type"))).skip(index).findFirst().orElse(null), f -> f != null)
      .getJsonObject("external_send_result");
  }

  /** What the fake Telegram received for one customer's chat, in order (other tests' customers are others). */
  private List<FakePlatform.Received> sentTo(String chatId) {
    return telegram.received().stream().filter(r -> chatId.equals(r.body().getString("chat_id"))).toList();
  }

  private List<Integer> statuses(String chatId) {
    return sentTo(chatId).stream().map(FakePlatform.Received::status).toList();
  }

  @Test
  @DisplayName("forged or missing secrets get 401, malformed updates 400, oversized bodies 413, unknown channels 404; none stores anything")
  void badWebhooks() {
    String dept = TestCluster.fresh("d");
    JsonObject channel = telegramChannel(dept);
    assertEquals("SIGNATURE_INVALID", telegramHook(channel, "forged", update(1, 42, "hi")).errorCode());
    assertEquals(401, telegramHook(channel, null, update(2, 42, "hi")).status());
    assertEquals(400, telegramHook(channel, "hook-secret", "{\"message\":{}}").status());
    assertEquals(400, telegramHook(channel, "hook-secret", "not json").status());
    assertEquals(413, telegramHook(channel, "hook-secret", update(3, 42, "x".repeat(70_000))).status());
    assertEquals(404, Rest.postWithHeaders(cluster.port(A), "/webhooks/telegram/nope", update(4, 42, "hi"),
      "X-Telegram-Bot-Api-Secret-Token", "hook-secret").status());
    assertEquals(0, tickets(dept).size(), "nothing was stored");
  }

  @Test
  @DisplayName("Instagram: Meta's verification, a signed message reaches the agent, a forged one is refused, the reply goes to the Send API")
  void instagramRoundTrip() throws Exception {
    String dept = TestCluster.fresh("d");
    JsonObject channel = instagramChannel(dept);
    String path = channel.getString("webhookPath");
    var verified = Rest.get(cluster.port(A), path + "?hub.mode=subscribe&hub.verify_token=verify-me&hub.challenge=31415", null);
    assertEquals(200, verified.status());
    assertEquals("31415", verified.text());
    assertEquals(401, Rest.get(cluster.port(A), path + "?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1", null).status());

    String body = new JsonObject().put("object", "instagram").put("entry", new JsonArray().add(new JsonObject().put("id", "1784")
      .put("messaging", new JsonArray().add(new JsonObject().put("sender", new JsonObject().put("id", "9912"))
        .put("recipient", new JsonObject().put("id", "1784"))
        .put("message", new JsonObject().put("mid", "m_abc").put("text", "Hi from Instagram")))))).encode();
    assertEquals(401, Rest.postWithHeaders(cluster.port(A), path, body, "X-Hub-Signature-256", "sha256=00").status());
    assertEquals(0, tickets(dept).size(), "a forged notification stores nothing");
    assertEquals(200, Rest.postWithHeaders(cluster.port(A), path, body, "X-Hub-Signature-256", sign(body)).status());
    JsonObject ticket = tickets(dept).getJsonObject(0);
    assertEquals("instagram", ticket.getString("source"));
    assertEquals("Hi from Instagram", messages(ticket.getString("id")).getJsonObject(0).getString("body"));

    String agent = cluster.token(TestCluster.fresh("a"), Role.AGENT, dept);
    assertEquals(201, Rest.post(cluster.port(B), "/tickets/" + ticket.getString("id") + "/messages", agent,
      new JsonObject().put("body", "Thanks!").encode()).status());
    List<FakePlatform.Received> sent = eventually("the Send API got the reply", instagram::accepted, list -> !list.isEmpty());
    assertEquals("/1784/messages", sent.get(0).path());
    assertEquals("Bearer ig-access", sent.get(0).authorization());
    assertEquals("9912", sent.get(0).body().getJsonObject("recipient").getString("id"));
  }

  /** The list socket answers a request only after its subscriptions (its events wait for the open), so they are in place. */
  private static void agentListSubscribed(List<JsonObject> frames) {
    eventually("the list socket's first answer", () -> frames, f -> !f.isEmpty());
  }

  private static String sign(String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec("app-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }
}
