package dev.switchboard.metrics;

import dev.switchboard.error.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;

import java.time.Duration;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The node's meters, in one Prometheus registry with Vert.x's own (HTTP, event bus, pools, JVM).
 * Every label takes a value from a small fixed set: never a room, user, session or address.
 */
public final class GatewayMetrics {
  /**
   * The latency timers publish Prometheus histograms (a {@code _bucket} series per bound), so p95
   * and p99 can be read across pods with {@code histogram_quantile}; a mean and a max cannot show a
   * tail. The bounds keep the buckets to the range that matters, 1 ms to 30 s: 69 per label set.
   */
  private static final Duration FASTEST = Duration.ofMillis(1);
  private static final Duration SLOWEST = Duration.ofSeconds(30);

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Counter deliveries = Counter.builder("switchboard.deliveries")
    .description("Room event frames written to sessions").register(registry);
  private final DistributionSummary storeBatch = DistributionSummary.builder("switchboard.store.batch.size")
    .description("Messages per store insert round trip").register(registry);

  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /**
   * Vert.x's own metrics, into this registry, with only bounded labels. Its HTTP server metrics are
   * off: the raw WebSocket endpoint takes its connections over from Vert.x at the upgrade, so Vert.x
   * would count them open forever; {@link #httpRequest} and {@code switchboard_sessions} count instead.
   */
  public MicrometerMetricsOptions vertxOptions() {
    return new MicrometerMetricsOptions().setEnabled(true).setJvmMetricsEnabled(true)
      .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
      .setLabels(EnumSet.of(Label.POOL_TYPE, Label.POOL_NAME, Label.EB_SIDE));
  }

  public MicrometerMetricsFactory vertxFactory() {
    return new MicrometerMetricsFactory(registry);
  }

  /** Open sessions of one transport ({@code sockjs}, {@code websocket}). */
  public void sessions(String transport, Supplier<Number> count) {
    Gauge.builder("switchboard.sessions", count).tag("transport", transport)
      .description("Open sessions by transport").register(registry);
  }

  /** Rooms with at least one session on this node. */
  public void rooms(Supplier<Number> count) {
    Gauge.builder("switchboard.rooms", count).description("Rooms with local sessions").register(registry);
  }

  public void clusterMembers(Supplier<Number> count) {
    Gauge.builder("switchboard.cluster.members", count).description("Members of the Hazelcast cluster").register(registry);
  }

  /** One REST request answered with {@code status}, after {@code nanos}. */
  public void httpRequest(String method, int status, long nanos) {
    histogram(Timer.builder("switchboard.http.requests").tag("method", method).tag("code", Integer.toString(status))
      .description("REST requests by method and status code")).record(nanos, TimeUnit.NANOSECONDS);
  }

  public void delivered(int frames) {
    deliveries.increment(frames);
  }

  /** A client frame or connection refused, by its error code. */
  public void refused(ErrorCode code) {
    Counter.builder("switchboard.frames.refused").tag("code", code.name())
      .description("Frames and connections refused, by error code").register(registry).increment();
  }

  /** A session the server closed, by a reason from a fixed set (idle, token_expired, slow_consumer, draining, kicked, stopped). */
  public void closed(String reason) {
    Counter.builder("switchboard.sessions.closed").tag("reason", reason)
      .description("Sessions closed by the server, by reason").register(registry).increment();
  }

  /** Times one store write of kind {@code op} (a fixed name per store operation). */
  public Timer storeWrite(String op) {
    return histogram(Timer.builder("switchboard.store.write").tag("op", op).description("Store write latency"));
  }

  private Timer histogram(Timer.Builder timer) {
    return timer.publishPercentileHistogram().minimumExpectedValue(FASTEST).maximumExpectedValue(SLOWEST).register(registry);
  }

  public void storeBatch(int size) {
    storeBatch.record(size);
  }
}
