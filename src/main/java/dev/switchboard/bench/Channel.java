package dev.switchboard.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Arrivals of one kind (deliveries to one node's members, send acknowledgements, joins) whose
 * stamps fall inside the measurement window, with their latency from the intended send time.
 * Arrivals stamped outside the window (warm-up, a previous sweep step) are not counted. Thread-safe:
 * every event loop records into it.
 */
final class Channel {
  private static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(2);

  private final String name;
  private final Recorder latency = new Recorder(MAX_MICROS, 3);
  private final LongAdder counted = new LongAdder();
  private volatile long from = Long.MAX_VALUE;
  private volatile long to = Long.MAX_VALUE;

  Channel(String name) {
    this.name = name;
  }

  String name() {
    return name;
  }

  /** Starts a new measurement: only stamps in {@code [from, to)} count from now on. */
  void window(long from, long to) {
    this.from = Long.MAX_VALUE;
    counted.reset();
    latency.reset();
    this.to = to;
    this.from = from;
  }

  void record(long stamp, long now) {
    if (stamp >= from && stamp < to) {
      latency.recordValue(Math.min(MAX_MICROS, Math.max(0, (now - stamp) / 1000)));
      counted.increment();
    }
  }

  long counted() {
    return counted.sum();
  }

  /** The latency of everything counted since {@link #window}. */
  Latency snapshot() {
    Histogram histogram = latency.getIntervalHistogram();
    return Latency.of(histogram);
  }
}
