package dev.switchboard.bench;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

@DisplayName("Finding send stamps in received frames")
class StampsTest {

  private static Channel counting() {
    Channel channel = new Channel("test");
    channel.window(0, Long.MAX_VALUE);
    return channel;
  }

  @Test
  @DisplayName("a bridge frame's stamp is found and its latency recorded from it")
  void bridgeFrame() {
    Channel channel = counting();
    String frame = "{\"type\":\"rec\",\"address\":\"internal-chat:r1\",\"headers\":{\"event\":\"bench\"},\"body\":{\"s\":\""
      + Stamps.stamp(1_000_000) + "\",\"p\":\"xxxx\"}}";
    assertEquals(1, Stamps.scan(Buffer.buffer(frame), channel, 3_000_000));
    assertEquals(1, channel.counted());
    assertEquals(2.0, channel.snapshot().p50(), 0.01);
  }

  @Test
  @DisplayName("every stamp of a SockJS array that carries several frames counts")
  void sockJsBatch() {
    Channel channel = counting();
    String frame = "a[\"{\\\"body\\\":{\\\"s\\\":\\\"" + Stamps.stamp(5) + "\\\"}}\",\"{\\\"body\\\":{\\\"s\\\":\\\""
      + Stamps.stamp(7) + "\\\"}}\"]";
    assertEquals(2, Stamps.scan(Buffer.buffer(frame), channel, 10));
  }

  @Test
  @DisplayName("frames without a complete stamp, and stamps outside the window, do not count")
  void noStamp() {
    Channel channel = new Channel("test");
    channel.window(100, 200);
    assertEquals(0, Stamps.scan(Buffer.buffer("{\"type\":\"rec\",\"body\":{\"t\":\"~T12\"}}"), channel, 300));
    assertEquals(0, Stamps.scan(Buffer.buffer("42[\"bench\",{\"s\":\"~T~\"}]"), channel, 300));
    assertEquals(1, Stamps.scan(Buffer.buffer("~T50~"), channel, 300));
    assertEquals(0, channel.counted(), "stamped before the window");
  }
}
