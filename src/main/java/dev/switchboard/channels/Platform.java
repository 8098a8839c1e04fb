package dev.switchboard.channels;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The external platforms, each with the secrets a channel of it needs, how its webhook proves it
 * comes from the platform, what a customer's message looks like in it, and how a reply is sent.
 */
public enum Platform {
  /**
   * A Telegram bot: updates are POSTed with {@code X-Telegram-Bot-Api-Secret-Token} (the
   * {@code secret_token} given to {@code setWebhook}); replies go to {@code sendMessage}.
   */
  TELEGRAM(List.of("botToken", "secretToken")) {
    @Override
    void verify(Channel channel, MultiMap headers, Buffer body) {
      if (!same(headers.get("X-Telegram-Bot-Api-Secret-Token"), channel.secret("secretToken"))) {
        throw refused("the secret token is missing or is not the channel's");
      }
    }

    @Override
    List<InboundMessage> messages(JsonObject update) {
      if (!(update.getValue("update_id") instanceof Number updateId)) {
        throw malformed("a Telegram update has a numeric update_id");
      }
      if (!(update.getValue("message") instanceof JsonObject message) || !(message.getValue("text") instanceof String text)) {
        return List.of(); // edits, stickers, joins...: nothing for an agent to read
      }
      JsonObject chat = object(message, "chat");
      JsonObject from = message.getValue("from") instanceof JsonObject sender ? sender : chat;
      return List.of(new InboundMessage(idOf(chat, "id"), from.getString("first_name", ""), from.getString("last_name", ""),
        text, "tg-" + updateId.longValue()));
    }

    @Override
    String sendUrl(String apiUrl, Channel channel) {
      return apiUrl + "/bot" + channel.secret("botToken") + "/sendMessage";
    }

    @Override
    JsonObject sendBody(String externalId, String text) {
      return new JsonObject().put("chat_id", externalId).put("text", text);
    }
  },
  /**
   * An Instagram professional account: Meta verifies the webhook with {@code hub.verify_token}, then
   * POSTs with {@code X-Hub-Signature-256} (HMAC-SHA256 of the raw body with the app secret);
   * replies go to the Send API, {@code {accountId}/messages}.
   */
  INSTAGRAM(List.of("accountId", "accessToken", "appSecret", "verifyToken")) {
    @Override
    void verify(Channel channel, MultiMap headers, Buffer body) {
      String expected = "sha256=" + HexFormat.of().formatHex(hmacSha256(channel.secret("appSecret"), body.getBytes()));
      if (!same(headers.get("X-Hub-Signature-256"), expected)) {
        throw refused("the signature is missing or does not match the body");
      }
    }

    @Override
    List<InboundMessage> messages(JsonObject notification) {
      if (!(notification.getValue("entry") instanceof JsonArray entries)) {
        throw malformed("an Instagram notification has an entry array");
      }
      List<InboundMessage> messages = new ArrayList<>();
      for (Object entry : entries) {
        if (!(entry instanceof JsonObject fields)) {
          throw malformed("each entry is an object");
        }
        if (fields.getValue("messaging") instanceof JsonArray events) {
          events.forEach(event -> message(event).ifPresent(messages::add));
        }
      }
      return messages;
    }

    private Optional<InboundMessage> message(Object event) {
      if (!(event instanceof JsonObject messaging)) {
        throw malformed("each messaging event is an object");
      }
      if (!(messaging.getValue("message") instanceof JsonObject message) || message.getBoolean("is_echo", false)
        || !(message.getValue("text") instanceof String text)) {
        return Optional.empty(); // the account's own sends come back as echoes; reactions, reads...
      }
      if (!(message.getValue("mid") instanceof String mid)) {
        throw malformed("a message has a mid");
      }
      // the notification carries no name: the customer is known by their Instagram-scoped id
      return Optional.of(new InboundMessage(idOf(object(messaging, "sender"), "id"), "Instagram",
        idOf(object(messaging, "sender"), "id"), text, "ig-" + HexFormat.of().formatHex(sha256(mid))));
    }

    @Override
    String sendUrl(String apiUrl, Channel channel) {
      return apiUrl + "/" + channel.secret("accountId") + "/messages";
    }

    @Override
    JsonObject sendBody(String externalId, String text) {
      return new JsonObject().put("recipient", new JsonObject().put("id", externalId))
        .put("message", new JsonObject().put("text", text));
    }
  };

  private final List<String> secretFields;

  Platform(List<String> secretFields) {
    this.secretFields = secretFields;
  }

  /** The name in the API, the webhook path and a conversation's {@code source}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The platform called {@code name} in the API; {@code INVALID_DATA} for any other. */
  public static Platform named(String name) {
    for (Platform platform : values()) {
      if (platform.wireName().equals(name)) {
        return platform;
      }
    }
    throw ErrorCode.INVALID_DATA.exception("type must be telegram or instagram");
  }

  /** The secrets a channel of this platform is created with, each a required non-empty string. */
  List<String> secretFields() {
    return secretFields;
  }

  public String webhookPath(String channelId) {
    return "/webhooks/" + wireName() + "/" + channelId;
  }

  /** Throws {@code SIGNATURE_INVALID} unless the request proves it comes from the platform for this channel. */
  abstract void verify(Channel channel, MultiMap headers, Buffer body);

  /** The customers' text messages in a verified body; {@code INVALID_DATA} for one that is not the platform's shape. */
  List<InboundMessage> messages(Buffer body) {
    try {
      return messages(body.toJsonObject());
    } catch (DecodeException | ClassCastException e) {
      throw malformed("the body is not a JSON object");
    }
  }

  abstract List<InboundMessage> messages(JsonObject body);

  /** Where a reply is POSTed, given the platform's configured base URL. */
  abstract String sendUrl(String apiUrl, Channel channel);

  abstract JsonObject sendBody(String externalId, String text);

  /** A customer's text message: who (their id on the platform, their name), what, and the key that makes a retry of it a duplicate. */
  record InboundMessage(String externalId, String firstName, String lastName, String text, String dedupKey) {
  }

  /** A constant-time comparison, so a forger learns nothing from how long a refusal takes. */
  static boolean same(String given, String expected) {
    return given != null && expected != null
      && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
  }

  private static JsonObject object(JsonObject parent, String field) {
    if (!(parent.getValue(field) instanceof JsonObject child)) {
      throw malformed("'" + field + "' must be an object");
    }
    return child;
  }

  /** A platform id, a number (Telegram) or a string (Instagram), as text. */
  private static String idOf(JsonObject parent, String field) {
    Object id = parent.getValue(field);
    if (id instanceof Number number) {
      return Long.toString(number.longValue());
    }
    if (id instanceof String text && !text.isBlank()) {
      return text;
    }
    throw malformed("'" + field + "' must be an id");
  }

  private static GatewayException refused(String why) {
    return ErrorCode.SIGNATURE_INVALID.exception(why);
  }

  private static GatewayException malformed(String why) {
    return ErrorCode.INVALID_DATA.exception(why);
  }

  private static byte[] hmacSha256(String key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
    }
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is part of every JDK", e);
    }
  }
}
