package dev.switchboard.bench;

import io.vertx.core.json.JsonObject;

import java.util.Collections;
import java.util.List;

/**
 * Connections that sit in rooms and only ping: what each one costs the server, as heap left after a
 * full collection and as resident memory, both measured before connecting and after settling.
 */
record IdleScenario(Rig rig) {
  private static final double TEN_K = 10_000;
  private static final double MIB = 1024 * 1024;

  Outcome run() throws Exception {
    BenchOptions options = rig.options();
    ServerProbe probe = rig.probe();
    long heapBefore = probe.present() ? probe.heapAfterGcBytes() : 0;
    long rssBefore = probe.present() ? probe.rssBytes() : 0;
    rig.createRooms(options.rooms());
    List<Channel> idle = Collections.nCopies(rig.targets().size(), new Channel("idle"));
    long setupStart = Stamps.now();
    List<Link> links = rig.openAll(rig.receivers(options.connections(), options.rooms(), idle).plans());
    double setupSeconds = (Stamps.now() - setupStart) / 1e9;
    try {
      Thread.sleep(options.settleSeconds() * 1000L);
      int n = options.connections();
      JsonObject metrics = new JsonObject().put("connections", n)
        .put("setupPerSec", Math.round(n / setupSeconds)).put("errors", rig.errors().count());
      String line = "idle " + options.label() + " (" + options.protocol().wireName() + ") " + n + " connections in "
        + options.rooms() + " rooms, set up at " + Math.round(n / setupSeconds) + "/s";
      if (probe.present()) {
        double heap = (probe.heapAfterGcBytes() - heapBefore) / (double) n;
        double rss = (probe.rssBytes() - rssBefore) / (double) n;
        metrics.put("heapBytesPerConnection", Math.round(heap)).put("heapMiBPer10k", round(heap * TEN_K / MIB))
          .put("rssBytesPerConnection", Math.round(rss)).put("rssMiBPer10k", round(rss * TEN_K / MIB));
        line += ": heap after GC " + Math.round(heap) + " B/connection (" + round(heap * TEN_K / MIB)
          + " MiB per 10k), RSS " + Math.round(rss) + " B/connection (" + round(rss * TEN_K / MIB) + " MiB per 10k)";
      }
      line += " errors=" + rig.errors().count();
      return new Outcome(line, rig.errors().count() == 0, metrics, new JsonObject().put("setupSeconds", setupSeconds));
    } finally {
      rig.closeAll(links);
    }
  }

  private static double round(double value) {
    return Math.round(value * 100) / 100.0;
  }
}
