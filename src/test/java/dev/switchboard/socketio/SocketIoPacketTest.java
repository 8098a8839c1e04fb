package dev.switchboard.socketio;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SocketIoPacketTest {
  private static final int MAX_ATTACHMENTS = 10;

  private static SocketIoPacket decode(String text) {
    return SocketIoPacket.decode(text, MAX_ATTACHMENTS);
  }

  @Test
  @DisplayName("An event with a namespace and an ack id decodes to each part and encodes back to the same text")
  void eventRoundTrip() {
    String text = "2/chat,12[\"say\",{\"a\":1},\"b\"]";
    SocketIoPacket packet = decode(text);
    assertEquals(SocketIoPacket.Type.EVENT, packet.type());
    assertEquals("/chat", packet.namespace());
    assertEquals(12, packet.ackId());
    assertEquals(new JsonArray().add("say").add(new JsonObject().put("a", 1)).add("b"), packet.data());
    assertEquals(text, SocketIoPacket.encode(packet.type(), packet.namespace(), packet.ackId(), packet.data()).text());
  }

  @Test
  @DisplayName("CONNECT without a namespace or payload is the default namespace with no auth; a namespace may lack its comma")
  void connect() {
    SocketIoPacket plain = decode("0");
    assertEquals("/", plain.namespace());
    assertEquals(null, plain.data());
    assertEquals("/random", decode("0/random").namespace());
    assertEquals(new JsonObject().put("token", "abc"), decode("0/custom,{\"token\":\"abc\"}").data());
  }

  @Test
  @DisplayName("Buffers in an event become placeholders of a BINARY_EVENT, and the attachments go back in their place")
  void binaryRoundTrip() {
    Buffer first = Buffer.buffer(new byte[] {1, 2});
    Buffer second = Buffer.buffer(new byte[] {3});
    var data = new JsonArray().add("file").add(first).add(new JsonObject().put("inner", second));
    SocketIoPacket.Encoded encoded = SocketIoPacket.encode(SocketIoPacket.Type.EVENT, "/", SocketIoPacket.NO_ACK, data);
    assertEquals("52-[\"file\",{\"_placeholder\":true,\"num\":0},{\"inner\":{\"_placeholder\":true,\"num\":1}}]", encoded.text());
    assertEquals(List.of(first, second), encoded.attachments());

    SocketIoPacket decoded = decode(encoded.text());
    assertEquals(2, decoded.attachments());
    JsonArray rebuilt = (JsonArray) SocketIoPacket.reconstruct(decoded.data(), encoded.attachments());
    assertSame(first, rebuilt.getList().get(1));
    assertSame(second, rebuilt.getJsonObject(2).getMap().get("inner"));
  }

  @Test
  @DisplayName("An ack with a Buffer is a BINARY_ACK with its id")
  void binaryAck() {
    var encoded = SocketIoPacket.encode(SocketIoPacket.Type.ACK, "/ns", 789, new JsonArray().add(Buffer.buffer("x")));
    assertEquals("61-/ns,789[{\"_placeholder\":true,\"num\":0}]", encoded.text());
  }

  @Test
  @DisplayName("The shared event text is the Engine.IO message of an EVENT in its namespace")
  void encodeEvent() {
    assertEquals("42[\"ev\",{\"a\":1}]", SocketIoPacket.encodeEvent("/", "ev", "{\"a\":1}"));
    assertEquals("42/chat,[\"ev\",[1]]", SocketIoPacket.encodeEvent("/chat", "ev", "[1]"));
  }

  @ParameterizedTest(name = "\"{0}\"")
  @ValueSource(strings = {
    "", // nothing
    "abc", "7", "9[\"a\"]", // unknown type
    "2{}", "2\"a\"", "2[]", "2[1]", "2[null]", "2", "2null", // an event must be a non-empty array named by a string
    "2[\"connect\"]", "2[\"disconnect\"]", "2[\"connect_error\"]", "2[\"disconnecting\"]", "2[\"newListener\"]",
    "2[\"removeListener\"]", // reserved event names
    "2abc[\"a\"]", "21234567890123456[\"a\"]", // bad or oversized ack id
    "2[\"a\"", "2[\"a\"]x", "0{\"a\":", // bad JSON
    "0[]", "0\"x\"", // CONNECT's payload is an object
    "1{}", "1/ns,{}", // DISCONNECT has no payload
    "3{}", // an ACK's payload is an array
    "4[]", // CONNECT_ERROR is a string or an object
    "5[\"a\"]", "5x-[\"a\"]", "5-[\"a\"]", "511-[\"a\"]", "61-{}", // attachments: missing, not a number, too many; BINARY_ACK needs an array
  })
  @DisplayName("Malformed packets are protocol violations")
  void malformed(String text) {
    assertThrows(ProtocolViolation.class, () -> decode(text));
  }

  @Test
  @DisplayName("A placeholder whose num is not one of the attachments is a protocol violation")
  void placeholderOutOfRange() {
    SocketIoPacket packet = decode("51-[\"a\",{\"_placeholder\":true,\"num\":1}]");
    assertThrows(ProtocolViolation.class, () -> SocketIoPacket.reconstruct(packet.data(), List.of(Buffer.buffer("x"))));
    SocketIoPacket notANumber = decode("51-[\"a\",{\"_placeholder\":true,\"num\":\"0\"}]");
    assertThrows(ProtocolViolation.class, () -> SocketIoPacket.reconstruct(notANumber.data(), List.of(Buffer.buffer("x"))));
  }
}
