package dev.switchboard.socketio;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EnginePacketTest {

  @Test
  @DisplayName("A text packet decodes to its type and data and encodes back to the same text")
  void textRoundTrip() {
    EnginePacket packet = EnginePacket.decodeText("4hello");
    assertEquals(EnginePacket.Type.MESSAGE, packet.type());
    assertEquals("hello", packet.text());
    assertEquals("4hello", packet.encodeText());
    assertEquals(EnginePacket.Type.PONG, EnginePacket.decodeText("3").type());
  }

  @Test
  @DisplayName("A polling payload splits on the record separator, binary packets from base64, and joins back the same")
  void payloadRoundTrip() {
    String payload = "4hello\u001ebAQIDBA==\u001e2";
    List<EnginePacket> packets = EnginePacket.decodePayload(payload);
    assertEquals(3, packets.size());
    assertEquals("hello", packets.get(0).text());
    assertTrue(packets.get(1).isBinary());
    assertEquals(Buffer.buffer(new byte[] {1, 2, 3, 4}), packets.get(1).binary());
    assertEquals(EnginePacket.Type.PING, packets.get(2).type());
    assertEquals(payload, EnginePacket.joinPayload(packets.stream().map(EnginePacket::encodePolling).toList()));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {"", "abc", "7", "9x", "4a\u001e", "\u001e4a", "b!!notbase64"})
  @DisplayName("An empty packet, an unknown type or bad base64 in a payload is a protocol violation")
  void malformed(String payload) {
    assertThrows(ProtocolViolation.class, () -> EnginePacket.decodePayload(payload));
  }
}
