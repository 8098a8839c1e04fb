package dev.switchboard.bench;

import io.vertx.core.buffer.Buffer;

import java.util.concurrent.TimeUnit;

/**
 * The send stamp a payload carries: {@code ~T<nanos>~}, the intended send time in nanoseconds on
 * this process's clock. Sender and receiver share the clock, so no clock sync is needed, and the
 * marker survives every framing unchanged (JSON string escaping, SockJS arrays, Socket.IO packets).
 */
final class Stamps {
  private static final long EPOCH = System.nanoTime();

  private Stamps() {
  }

  /** Nanoseconds since this process started measuring; always positive, so stamps parse as plain digits. */
  static long now() {
    return System.nanoTime() - EPOCH + 1;
  }

  /** Sleeps until {@link #now()} reaches {@code deadline}. */
  static void sleepUntil(long deadline) throws InterruptedException {
    long wait = deadline - now();
    if (wait > 0) {
      TimeUnit.NANOSECONDS.sleep(wait);
    }
  }

  static String stamp(long nanos) {
    return "~T" + nanos + "~";
  }

  /**
   * Records every stamp in a received frame on {@code channel}; the count found. Scans bytes and
   * never decodes the frame, so the receive path stays cheap at hundreds of thousands of frames a second.
   */
  static int scan(Buffer frame, Channel channel, long now) {
    int length = frame.length();
    int found = 0;
    for (int i = 0; i + 3 < length; i++) {
      if (frame.getByte(i) != '~' || frame.getByte(i + 1) != 'T') {
        continue;
      }
      long value = 0;
      int j = i + 2;
      byte b;
      while (j < length && (b = frame.getByte(j)) >= '0' && b <= '9') {
        value = value * 10 + (b - '0');
        j++;
      }
      if (j > i + 2 && j < length && frame.getByte(j) == '~') {
        channel.record(value, now);
        found++;
        i = j;
      }
    }
    return found;
  }
}
