package dev.switchboard.bench;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * Sends at a fixed rate from a clock that does not wait for the server: send {@code k} is due at
 * {@code start + k / rate}, carries that intended time as its stamp, and goes out on the first tick
 * at or after it. A stalled server or generator therefore shows up as latency, not as fewer sends
 * (no coordinated omission). Sends go round-robin over the senders.
 */
final class OpenLoop {
  private static final long TICK_MS = 1;

  /** Sends one message for {@code sender}, stamped {@code stamp}. */
  interface Send {
    void send(int sender, long stamp);
  }

  private OpenLoop() {
  }

  /**
   * Runs from {@code start} to {@code end} (stamp clock); completes with how many sends each
   * sender made whose stamp lies in {@code [windowFrom, windowTo)}.
   */
  static Future<long[]> run(Vertx vertx, double rate, int senders, long start, long end, long windowFrom,
                            long windowTo, Send send) {
    Promise<long[]> done = Promise.promise();
    long[] counted = new long[senders];
    double periodNanos = 1e9 / rate;
    vertx.setPeriodic(TICK_MS, new Handler<>() {
      private long k;

      @Override
      public void handle(Long timer) {
        long now = Stamps.now();
        long due = start + (long) (k * periodNanos);
        while (due <= now && due < end) {
          int sender = (int) (k % senders);
          send.send(sender, due);
          if (due >= windowFrom && due < windowTo) {
            counted[sender]++;
          }
          k++;
          due = start + (long) (k * periodNanos);
        }
        if (due >= end) {
          vertx.cancelTimer(timer);
          done.complete(counted);
        }
      }
    });
    return done.future();
  }
}
