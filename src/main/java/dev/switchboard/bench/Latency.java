package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;

/** Latency percentiles in milliseconds, from a histogram of microseconds. */
record Latency(long count, double p50, double p99, double p999, double max) {

  static Latency of(Histogram micros) {
    return new Latency(micros.getTotalCount(), ms(micros.getValueAtPercentile(50)),
      ms(micros.getValueAtPercentile(99)), ms(micros.getValueAtPercentile(99.9)), ms(micros.getMaxValue()));
  }

  private static double ms(long micros) {
    return Math.round(micros / 10.0) / 100.0;
  }

  String describe() {
    return "p50=" + p50 + "ms p99=" + p99 + "ms p99.9=" + p999 + "ms";
  }

  JsonObject toJson() {
    return new JsonObject().put("count", count).put("p50Ms", p50).put("p99Ms", p99).put("p999Ms", p999)
      .put("maxMs", max);
  }
}
