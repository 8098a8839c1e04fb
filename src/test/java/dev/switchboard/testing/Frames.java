package dev.switchboard.testing;

import io.vertx.core.json.JsonObject;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Assertions on bridge frames. */
public final class Frames {

  private Frames() {
  }

  /** An {@code err} frame with this status whose message starts with {@code CODE: }. */
  public static void assertError(JsonObject frame, int status, String code) {
    assertEquals("err", frame.getString("type"), frame.encode());
    assertEquals(status, frame.getInteger("failureCode"), frame.encode());
    assertTrue(frame.getString("message").startsWith(code + ": "), frame.encode());
    assertNull(frame.getValue("body"), frame.encode());
  }
}
