package dev.switchboard.transport;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import io.vertx.core.Vertx;
import io.vertx.core.internal.ContextInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("A raw WebSocket that negotiated per-message deflate")
class RawWebSocketDeflateTest {
  /** The first byte of a final text frame, without and with RSV1, the "compressed" bit of RFC 7692. */
  private static final int PLAIN = 0x81;
  private static final int DEFLATED = 0xC1;

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  @DisplayName("sends texts of fewer than 8 characters as they are, and longer ones deflated")
  void shortTextsUncompressed() {
    // Netty's defaults: level 6, no window-size or no-context negotiation, no inflate limit
    var deflate = new PerMessageDeflateServerExtensionHandshaker(6, false, 15, false, false, 0)
      .handshakeExtension(new WebSocketExtensionData("permessage-deflate", Map.of())).newExtensionEncoder();
    var channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false), deflate);
    var socket = new RawWebSocket((ContextInternal) vertx.getOrCreateContext(), channel, null);

    socket.write("3probe");
    socket.write("2");
    socket.write("42[\"internal-chat:typing\",{\"roomId\":7}]");

    assertEquals(PLAIN, firstByte(channel.readOutbound()));
    assertEquals(PLAIN, firstByte(channel.readOutbound()));
    assertEquals(DEFLATED, firstByte(channel.readOutbound()));
    channel.finishAndReleaseAll();
  }

  private static int firstByte(ByteBuf frame) {
    try {
      return frame.getUnsignedByte(0);
    } finally {
      frame.release();
    }
  }
}
