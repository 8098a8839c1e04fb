package dev.switchboard.bridge;

import dev.switchboard.error.ErrorCode;
import dev.switchboard.error.GatewayException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Bridge frames")
class BridgeFrameTest {

  private static BridgeFrame parse(String text) {
    return BridgeFrame.parse(Buffer.buffer(text));
  }

  private static String refusal(String text) {
    GatewayException e = assertThrows(GatewayException.class, () -> parse(text));
    assertEquals(ErrorCode.INVALID_DATA, e.code());
    return e.text();
  }

  @Test
  @DisplayName("a send frame keeps its address, body and reply address, and drops client headers")
  void send() {
    BridgeFrame frame = parse("{\"type\":\"send\",\"address\":\"internal-chat:join\",\"headers\":{\"sb-user-id\":\"1\"},"
      + "\"body\":{\"roomId\":42},\"replyAddress\":\"r-1\"}");
    assertEquals(new BridgeFrame(BridgeFrame.Type.SEND, "internal-chat:join", new JsonObject().put("roomId", 42), "r-1", null), frame);
  }

  @Test
  @DisplayName("a frame without a body gets an empty one, and ping needs no address")
  void defaults() {
    assertEquals(new JsonObject(), parse("{\"type\":\"register\",\"address\":\"internal-chat:1\"}").body());
    assertEquals(BridgeFrame.Type.PING, parse("{\"type\":\"ping\"}").type());
    assertNull(parse("{\"type\":\"publish\",\"address\":\"a:b\"}").replyAddress());
  }

  @Test
  @DisplayName("a register's lastSeq header is read as a number or its decimal text; other frames' are not read")
  void lastSeq() {
    assertEquals(7L, parse("{\"type\":\"register\",\"address\":\"a:b\",\"headers\":{\"lastSeq\":7}}").lastSeq());
    assertEquals(7L, parse("{\"type\":\"register\",\"address\":\"a:b\",\"headers\":{\"lastSeq\":\"7\"}}").lastSeq());
    assertNull(parse("{\"type\":\"register\",\"address\":\"a:b\",\"headers\":{\"other\":1}}").lastSeq());
    assertNull(parse("{\"type\":\"send\",\"address\":\"a:b\",\"headers\":{\"lastSeq\":7}}").lastSeq());
    for (String bad : List.of("-1", "1.5", "\"x\"", "true", "{}")) {
      assertTrue(refusal("{\"type\":\"register\",\"address\":\"a:b\",\"headers\":{\"lastSeq\":" + bad + "}}")
        .contains("lastSeq"), bad);
    }
  }

  @Test
  @DisplayName("malformed frames are refused with a reason")
  void malformed() {
    assertTrue(refusal("nope").contains("not a JSON object"));
    assertTrue(refusal("[1,2]").contains("not a JSON object"));
    assertTrue(refusal("{\"address\":\"a\"}").contains("frame type"));
    assertTrue(refusal("{\"type\":\"rec\",\"address\":\"a\"}").contains("frame type"));
    assertTrue(refusal("{\"type\":\"send\"}").contains("address"));
    assertTrue(refusal("{\"type\":\"send\",\"address\":{\"$ne\":null}}").contains("address"));
    assertTrue(refusal("{\"type\":\"send\",\"address\":\"a\",\"body\":\"text\"}").contains("body"));
    assertTrue(refusal("{\"type\":\"send\",\"address\":\"a\",\"replyAddress\":5}").contains("replyAddress"));
    assertTrue(refusal("{\"type\":\"send\",\"address\":\"" + "a".repeat(201) + "\"}").contains("longer"));
  }

  @Test
  @DisplayName("a room event frame splices the payload in unchanged")
  void roomEventFrame() {
    String frame = BridgeFrames.ROOM_EVENTS.encode("internal-chat:4\"2", "internal-chat:message",
      Buffer.buffer("{\"body\":\"hi \\\"there\\\"\"}"));
    JsonObject json = new JsonObject(frame);
    assertEquals("rec", json.getString("type"));
    assertEquals("internal-chat:4\"2", json.getString("address"));
    assertEquals("internal-chat:message", json.getJsonObject("headers").getString("event"));
    assertEquals("hi \"there\"", json.getJsonObject("body").getString("body"));
  }
}
