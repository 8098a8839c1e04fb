package dev.switchboard.bridge;

import dev.switchboard.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One frame from a client, in the Vert.x event-bus bridge protocol:
 * {@code {"type": "send|publish|register|unregister|ping", "address", "body", "replyAddress", "headers"}}.
 * Client headers never carry identity, which comes from the token only; the one header read is a
 * register's {@code lastSeq}, the seq the client has of the address (null: none).
 */
record BridgeFrame(Type type, String address, JsonObject body, String replyAddress, Long lastSeq) {
  static final String LAST_SEQ = "lastSeq";

  enum Type {
    SEND, PUBLISH, REGISTER, UNREGISTER, PING;

    static Type parse(Object raw) {
      if (raw instanceof String s) {
        for (Type t : values()) {
          if (t.name().equalsIgnoreCase(s)) {
            return t;
          }
        }
      }
      throw ErrorCode.INVALID_DATA.exception("frame type must be send, publish, register, unregister or ping");
    }
  }

  static final int MAX_ADDRESS_LENGTH = 200;

  /** Parses a frame; anything malformed is an {@code INVALID_DATA} failure that names the problem. */
  static BridgeFrame parse(Buffer data) {
    JsonObject json;
    try {
      json = data.toJsonObject();
    } catch (DecodeException | ClassCastException e) {
      throw ErrorCode.INVALID_DATA.exception("frame is not a JSON object");
    }
    Type type = Type.parse(json.getValue("type"));
    if (type == Type.PING) {
      return new BridgeFrame(type, null, null, null, null);
    }
    String address = text(json.getValue("address"), "address");
    if (address.length() > MAX_ADDRESS_LENGTH) {
      throw ErrorCode.INVALID_DATA.exception("address is longer than " + MAX_ADDRESS_LENGTH + " characters");
    }
    Object body = json.getValue("body");
    if (body != null && !(body instanceof JsonObject)) {
      throw ErrorCode.INVALID_DATA.exception("body must be a JSON object");
    }
    Object reply = json.getValue("replyAddress");
    String replyAddress = reply == null ? null : text(reply, "replyAddress");
    Long lastSeq = type == Type.REGISTER ? lastSeq(json.getValue("headers")) : null;
    return new BridgeFrame(type, address, body == null ? new JsonObject() : (JsonObject) body, replyAddress, lastSeq);
  }

  /** The stock client sends header values as it was given them: a number, or its decimal text. */
  private static Long lastSeq(Object headers) {
    if (!(headers instanceof JsonObject map) || map.getValue(LAST_SEQ) == null) {
      return null;
    }
    Object value = map.getValue(LAST_SEQ);
    try {
      long seq = value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) ? n.longValue()
        : Long.parseLong(value instanceof String s ? s : "not a number");
      if (seq >= 0 && seq < Long.MAX_VALUE) {
        return seq;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw ErrorCode.INVALID_DATA.exception("headers.lastSeq must be a whole number from 0");
  }

  private static String text(Object value, String field) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw ErrorCode.INVALID_DATA.exception(field + " must be a non-empty string");
  }
}
