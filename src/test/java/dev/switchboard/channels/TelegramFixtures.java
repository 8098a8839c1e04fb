package dev.switchboard.channels;

import dev.switchboard.testing.Rest;
import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Telegram channel and its customer's updates, for the channel tests of a cluster and of a killed node. */
final class TelegramFixtures {
  static final String BOT_TOKEN = "123:bot-secret";
  static final String SECRET = "hook-secret";

  private TelegramFixtures() {
  }

  /** An admin adds a Telegram channel for {@code dept} on the node at {@code port}; the channel as answered. */
  static JsonObject telegramChannel(int port, String admin, String dept) {
    var created = Rest.post(port, "/channels", admin, new JsonObject().put("type", "telegram")
      .put("botToken", BOT_TOKEN).put("secretToken", SECRET).put("departmentId", dept).encode());
    assertEquals(201, created.status(), created.body().encode());
    return created.body();
  }

  /** A Telegram update: John Doe, in chat {@code chatId}, wrote {@code text}. */
  static String update(long updateId, long chatId, String text) {
    return new JsonObject().put("update_id", updateId).put("message", new JsonObject().put("message_id", 1)
      .put("from", new JsonObject().put("id", chatId).put("first_name", "John").put("last_name", "Doe"))
      .put("chat", new JsonObject().put("id", chatId)).put("text", text)).encode();
  }

  /** Telegram's POST of {@code body} to the channel's webhook, with {@code secret} as its secret token (null: none). */
  static Rest.Response telegramHook(int port, JsonObject channel, String secret, String body) {
    return secret == null ? Rest.postWithHeaders(port, channel.getString("webhookPath"), body)
      : Rest.postWithHeaders(port, channel.getString("webhookPath"), body, "X-Telegram-Bot-Api-Secret-Token", secret);
  }
}
