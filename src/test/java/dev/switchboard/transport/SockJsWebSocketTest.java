package dev.switchboard.transport;

import io.vertx.core.json.JsonArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("SockJS's envelope on the WebSocket")
class SockJsWebSocketTest {

  @Test
  @DisplayName("a client message is a JSON array of frames, or one frame as a JSON string; an empty one holds none")
  void clientMessages() {
    assertEquals(List.of("{\"type\":\"ping\"}", "b"), SockJsWebSocket.frames("[\"{\\\"type\\\":\\\"ping\\\"}\",\"b\"]"));
    assertEquals(List.of("x"), SockJsWebSocket.frames("\"x\""));
    assertEquals(List.of(), SockJsWebSocket.frames(""));
    assertEquals(List.of(), SockJsWebSocket.frames("[]"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"{\"type\":\"ping\"}", "[1]", "[\"a\",{}]", "[\"a\"", "null", "42"})
  @DisplayName("anything else is not a SockJS message")
  void notSockJs(String message) {
    assertNull(SockJsWebSocket.frames(message));
  }

  @Test
  @DisplayName("a frame is quoted in printable ASCII, every other character escaped, and decodes back to itself")
  void quoting() {
    String frame = "{\"body\":{\"text\":\"سلام مرحبا \\\\ \\u0001\\n 😀 \u2028\"}}";
    String quoted = SockJsWebSocket.quoted(frame);
    assertTrue(quoted.chars().allMatch(c -> c >= 0x20 && c < 0x7f), quoted);
    assertEquals(frame, new JsonArray("[" + quoted + "]").getString(0));
  }
}
