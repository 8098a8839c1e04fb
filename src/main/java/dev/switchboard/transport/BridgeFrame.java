package dev.switchboard.transport;

import dev.switchboard.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

/**
 * One frame from a client, in the Vert.x event-bus bridge protocol:
 * {@code {"type": "send|publish|register|unregister|ping", "address", "body", "replyAddress", "headers"}}.
 * Client headers are accepted and ignored: identity comes from the token only.
 */
record BridgeFrame(Type type, String address, JsonObject body, String replyAddress) {

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
      return new BridgeFrame(type, null, null, null);
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
    return new BridgeFrame(type, address, body == null ? new JsonObject() : (JsonObject) body, replyAddress);
  }

  private static String text(Object value, String field) {
    if (value instanceof String s && !s.isEmpty()) {
      return s;
    }
    throw ErrorCode.INVALID_DATA.exception(field + " must be a non-empty string");
  }
}
