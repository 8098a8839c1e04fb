package dev.switchboard.wsjson;

import dev.switchboard.error.GatewayException;
import dev.switchboard.fanout.FrameEncoder;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Map;
import java.util.function.Function;

/**
 * Seed 001's (Fiko's) JSON shapes, made from the gateway's: every frame is an object with a
 * {@code type}, snake_case fields and ISO-8601 timestamps. Its message {@code type} is
 * {@code customer} for what a customer wrote and {@code support} for staff; a name splits into
 * {@code first_name} and {@code last_name} at its first space.
 */
final class Fiko {
  static final String TYPE = "type";
  static final String CUSTOMER = "customer";
  static final String SUPPORT = "support";
  /** A conversation's {@code source} when it did not come from an external channel. */
  static final String WEB = "web";
  /** A chat room's {@code source}: staff talking among themselves. */
  static final String INTERNAL = "internal";

  private Fiko() {
  }

  /** A frame of {@code type} with the fields of {@code body}. */
  static JsonObject event(String type, JsonObject body) {
    return new JsonObject().put(TYPE, type).mergeIn(body);
  }

  /**
   * The encoder of an endpoint: each gateway event it speaks becomes the frame its function makes;
   * any other event is not written to its sockets.
   */
  static FrameEncoder encoder(Map<String, Function<JsonObject, JsonObject>> events) {
    return (address, event, payload) -> {
      Function<JsonObject, JsonObject> shape = events.get(event);
      return shape == null ? null : shape.apply(payload.toJsonObject()).encode();
    };
  }

  /** {@code {type: "error", error, message, code}}: {@code error} says what went wrong, {@code message} is the gateway's {@code CODE: text}. */
  static JsonObject error(GatewayException failure) {
    return new JsonObject().put(TYPE, "error").put("error", failure.text()).put("message", failure.wireMessage())
      .put("code", failure.code().name());
  }

  /** A conversation of {@code conversations:list} (a ticket or a room) as seed 001 lists it. */
  static JsonObject conversation(JsonObject conversation) {
    boolean ticket = "ticket".equals(conversation.getString("kind"));
    String source = ticket ? sourceOf(conversation.getString("source")) : INTERNAL;
    JsonObject last = conversation.getJsonObject("last_message");
    JsonObject customer = conversation.getJsonObject("customer");
    return new JsonObject().put("id", conversation.getString("id")).put("title", conversation.getString("title"))
      .put("source", source).put("status", lower(conversation.getString("status")))
      .put(CUSTOMER, customer == null ? null : person(customer.getString("name")).put("id", customer.getString("id"))
        .put("source", source))
      .put("last_message", last == null ? null : new JsonObject().put("content", last.getString("body"))
        .put(TYPE, senderType(last)).put("created_at", last.getString("createdAt")))
      .put("unread_count", conversation.getLong("unread_count")).put("created_at", conversation.getString("created_at"))
      .put("updated_at", conversation.getString("updated_at"));
  }

  /** A stored message of a ticket or a room; on a customer's message, the customer's name. */
  static JsonObject message(JsonObject message) {
    String type = senderType(message);
    JsonObject shaped = new JsonObject().put("id", message.getString("id")).put("content", message.getString("body"))
      .put(TYPE, type).put(CUSTOMER, CUSTOMER.equals(type) ? person(message.getString("senderName")) : null)
      .put("sender_id", message.getString("senderId")).put("sender_name", message.getString("senderName"))
      .put("created_at", message.getString("createdAt"));
    if (message.getBoolean("isInternal", false)) {
      shaped.put("is_internal", true);
    }
    return shaped;
  }

  /** {@code {first_name, last_name}} from a display name. */
  static JsonObject person(String name) {
    String full = name == null ? "" : name.strip();
    int space = full.indexOf(' ');
    return new JsonObject().put("first_name", space < 0 ? full : full.substring(0, space))
      .put("last_name", space < 0 ? "" : full.substring(space + 1).strip());
  }

  /** A moment the gateway gives in epoch milliseconds, in seed 001's ISO-8601. */
  static String iso(Object millis) {
    return millis instanceof Number number ? Instant.ofEpochMilli(number.longValue()).toString() : Instant.now().toString();
  }

  static JsonArray each(JsonArray items, Function<JsonObject, JsonObject> shape) {
    return new JsonArray(items.stream().map(item -> shape.apply((JsonObject) item)).toList());
  }

  private static String senderType(JsonObject message) {
    return CUSTOMER.equals(message.getString("senderType")) ? CUSTOMER : SUPPORT;
  }

  private static String sourceOf(String source) {
    return source == null ? WEB : source;
  }

  private static String lower(String text) {
    return text == null ? null : text.toLowerCase(java.util.Locale.ROOT);
  }
}
