package dev.switchboard.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

@DisplayName("Once the server closes a connection")
class ClosingTest {
  /** A peer that has stopped reading: writes queue up, and the close frame's write never completes. */
  private final StalledPeer peer = new StalledPeer();
  private final EmbeddedChannel channel = new EmbeddedChannel(peer);

  @AfterEach
  void releaseFrames() {
    peer.written.forEach(ReferenceCountUtil::release);
    channel.finishAndReleaseAll();
  }

  @Test
  @DisplayName("the raw WebSocket writes no data frame after its close frame")
  void nothingAfterTheCloseFrame() {
    RawWebSocket socket = new RawWebSocket(null, channel, null);
    socket.write("{\"type\":\"rec\"}");
    socket.close(4008, "SLOW_CONSUMER");
    socket.write("{\"type\":\"rec\",\"late\":true}");
    socket.close(4003, "KICKED");

    assertEquals(2, peer.written.size(), "one text frame, one close frame");
    assertInstanceOf(TextWebSocketFrame.class, peer.written.get(0));
    CloseWebSocketFrame close = assertInstanceOf(CloseWebSocketFrame.class, peer.written.get(1));
    assertEquals(4008, close.statusCode());
    assertTrue(channel.isActive(), "the channel closes only once the close frame is written");
  }

  @Test
  @DisplayName("SockJS's envelope writes one c[code,reason] and no heartbeat or frame after it")
  void oneSockJsCloseFrame() {
    var socket = new SockJsWebSocket(new RawWebSocket(null, channel, null));
    socket.close(4003, "KICKED");
    socket.write("{\"type\":\"rec\"}");
    socket.heartbeat();
    socket.close(1001, "GOING_AWAY");

    assertEquals(List.of("c[4003,\"KICKED\"]", "close 1000"), peer.written.stream().map(ClosingTest::describe).toList());
  }

  private static String describe(Object frame) {
    if (frame instanceof TextWebSocketFrame text) {
      return text.text();
    }
    return "close " + ((CloseWebSocketFrame) frame).statusCode();
  }

  private static final class StalledPeer extends ChannelOutboundHandlerAdapter {
    final List<Object> written = new ArrayList<>();

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      written.add(msg);
    }
  }
}
