package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on bridge frames. */
public final class Frames {

  private Frames() {
  }

  /** A frame on {@code address} carrying {@code event}: with a body test, what a marker looks like. */
  public static Predicate<JsonObject> event(String address, String event) {
    return frame -> address.equals(frame.getString("address")) && frame.getJsonObject("headers") != null
      && event.equals(frame.getJsonObject("headers").getString("event"));
  }

  /** An {@code err} frame on {@code address}: a refused register, or a subscription taken away. */
  public static Predicate<JsonObject> errorOn(String address) {
    return frame -> "err".equals(frame.getString("type")) && address.equals(frame.getString("address"));
  }

  /** A frame whose body has {@code field} set to the text {@code value}: which of several like events it is. */
  public static Predicate<JsonObject> withBody(String field, String value) {
    return frame -> frame.getValue("body") instanceof JsonObject body && value.equals(body.getValue(field));
  }

  /** An {@code err} frame with this status whose message starts with {@code CODE: }. */
  public static void assertError(JsonObject frame, int status, String code) {
    assertEquals("err", frame.getString("type"), frame.encode());
    assertEquals(status, frame.getInteger("failureCode"), frame.encode());
    assertTrue(frame.getString("message").startsWith(code + ": "), frame.encode());
    assertNull(frame.getValue("body"), frame.encode());
  }
}
