package dev.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("The raw WebSocket's shared room-event frames")
class RawWebSocketFrameTest {

  @ParameterizedTest(name = "{0} UTF-8 bytes")
  @ValueSource(ints = {0, 125, 126, 65_535, 65_536, 200_000})
  @DisplayName("decode as the same text with Netty's client-side decoder, at every length encoding")
  void decodeAsSent(int bytes) {
    String text = text(bytes);
    var client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
      .expectMaskedFrames(false).maxFramePayloadLength(1 << 20).build()));
    ByteBuf frame = RawWebSocket.textFrame(text);
    assertTrue(client.writeInbound(frame));
    TextWebSocketFrame decoded = client.readInbound();
    try {
      assertTrue(decoded.isFinalFragment());
      assertEquals(text, decoded.text());
    } finally {
      decoded.release();
    }
    assertFalse(client.finish(), "nothing left over after the frame");
  }

  /** {@code bytes} of UTF-8 with two-byte characters in it, so characters and bytes differ in number. */
  private static String text(int bytes) {
    StringBuilder text = new StringBuilder(bytes);
    int written = 0;
    while (written + 2 <= bytes) {
      text.append(written % 3 == 0 ? "é" : "ab");
      written += 2;
    }
    return text.append("x".repeat(bytes - written)).toString();
  }
}
